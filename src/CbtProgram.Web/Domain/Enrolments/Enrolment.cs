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

    /// <summary>Resumes; returns how many whole weeks the rest of the schedule moves (a part-week counts as one).</summary>
    public int Resume(DateTimeOffset now)
    {
        if (Status != EnrolmentStatus.Paused || PausedAt is not { } pausedAt)
            throw new InvalidOperationException("Only a paused enrolment can be resumed.");
        Status = EnrolmentStatus.Active;
        PausedAt = null;
        return (int)Math.Ceiling((now - pausedAt).TotalDays / 7);
    }

    public void Withdraw(string reason)
    {
        Status = EnrolmentStatus.Withdrawn;
        WithdrawalReason = reason.Trim();
    }

    public SessionPreferences Preferences => new(TimeZoneId, Weekday, LocalTime, StartDate);

    public TimeZoneInfo Zone => SessionSchedule.TryFindZone(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
}
