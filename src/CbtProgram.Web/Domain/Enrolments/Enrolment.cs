using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Domain.Enrolments;

public enum EnrolmentStatus
{
    Active = 0,
    Paused = 1,
    Withdrawn = 2,
    Finished = 3,
}

/// <summary>A patient's place in the program: when their weekly session falls, in their own time zone.</summary>
public sealed class Enrolment
{
    private Enrolment() { }

    public Enrolment(Guid patientId, SessionPreferences preferences, TimeOnly? diaryReminderTime, DateTimeOffset now)
    {
        DiaryReminderTime = diaryReminderTime;
        Id = Guid.NewGuid();
        PatientId = patientId;
        TimeZoneId = preferences.TimeZoneId;
        Weekday = preferences.Weekday;
        LocalTime = preferences.LocalTime;
        StartDate = preferences.StartDate;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public string TimeZoneId { get; private set; } = "";
    public DayOfWeek Weekday { get; private set; }
    public TimeOnly LocalTime { get; private set; }
    public DateOnly StartDate { get; private set; }
    public EnrolmentStatus Status { get; private set; }
    public DateTimeOffset? PausedAt { get; private set; }
    public string? WithdrawalReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The patient's local time for the daily diary reminder; null when they turned it off.</summary>
    public TimeOnly? DiaryReminderTime { get; private set; }

    /// <summary>The patient's local date of the last diary reminder, so each day has at most one.</summary>
    public DateOnly? DiaryRemindedOn { get; private set; }

    public void SetDiaryReminder(TimeOnly? localTime) => DiaryReminderTime = localTime;

    /// <summary>The secret in the patient's calendar-feed link; replaced when they revoke the old link.</summary>
    public string? CalendarToken { get; private set; }

    public string IssueCalendarToken()
    {
        CalendarToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return CalendarToken;
    }

    public void Pause(DateTimeOffset now)
    {
        if (Status != EnrolmentStatus.Active)
            throw new InvalidOperationException($"Only an active enrolment can be paused (this one is {Status}).");
        Status = EnrolmentStatus.Paused;
        PausedAt = now;
    }

    /// <summary>Ends a pause; returns when it began.</summary>
    public DateTimeOffset Resume()
    {
        if (Status != EnrolmentStatus.Paused || PausedAt is not { } pausedAt)
            throw new InvalidOperationException("Only a paused enrolment can be resumed.");
        Status = EnrolmentStatus.Active;
        PausedAt = null;
        return pausedAt;
    }

    public void Withdraw(string reason)
    {
        if (Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
            throw new InvalidOperationException($"A {Status.ToString().ToLowerInvariant()} enrolment cannot be withdrawn.");
        Status = EnrolmentStatus.Withdrawn;
        WithdrawalReason = reason.Trim();
        PausedAt = null;
    }

    /// <summary>When the program finished: the follow-up closed. Nothing recurring looks at a finished enrolment again.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }

    public void Finish(DateTimeOffset now)
    {
        if (Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
            return;
        Status = EnrolmentStatus.Finished;
        FinishedAt = now;
        PausedAt = null;
    }

    /// <summary>The patient now lives (or is staying) in another zone: their sessions keep their local times there.</summary>
    public void MoveToZone(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        TimeZoneId = zone.Id;
    }

    public SessionPreferences Preferences => new(TimeZoneId, Weekday, LocalTime, StartDate);

    /// <summary>The patient's zone; an id the site does not know is an error (it was checked when stored), never UTC.</summary>
    public TimeZoneInfo Zone => PatientTimeZones.Find(TimeZoneId);
}
