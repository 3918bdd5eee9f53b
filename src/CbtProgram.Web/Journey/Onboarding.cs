using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Journey;

/// <summary>
/// Enrols a patient: checks their time zone, session day and time and start date, then stores the enrolment
/// with its schedule (12 session openings and the follow-up) as rows the scheduling engine works from.
/// </summary>
public sealed class Onboarding(AppDbContext db, ProgramCatalog program, Scheduling.EventPlanner planner, TimeProvider clock, Outcomes.Patients.PatientOutcomeStore outcomes)
{
    public const int LatestStartInDays = 90;

    /// <summary>The patient's answers; a null <paramref name="DiaryReminderTime"/> turns the daily diary reminder off.</summary>
    public sealed record Choice(string? TimeZoneId, DayOfWeek? Weekday, TimeOnly? LocalTime, DateOnly? StartDate, bool DiaryReminder = false, TimeOnly? DiaryReminderTime = null);

    /// <summary>Problems by field name; empty when the enrolment was stored.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnrolAsync(Patient patient, Choice choice)
    {
        var problems = new Dictionary<string, string>();
        var zone = TimeZoneInfo.Utc;
        if (PatientTimeZones.IsAccepted(choice.TimeZoneId))
            zone = PatientTimeZones.Find(choice.TimeZoneId!);
        else
            problems[nameof(Choice.TimeZoneId)] = "Choose your time zone from the list.";
        if (choice.Weekday is null || !Enum.IsDefined(choice.Weekday.Value))
            problems[nameof(Choice.Weekday)] = "Choose the day of the week for your sessions.";
        if (choice.LocalTime is null)
            problems[nameof(Choice.LocalTime)] = "Choose a time of day for your sessions, such as 18:30.";
        if (choice.DiaryReminder && choice.DiaryReminderTime is null)
            problems[nameof(Choice.DiaryReminderTime)] = "Choose a time for your diary reminder, such as 20:00, or untick the reminder.";
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        if (choice.StartDate is not { } start)
            problems[nameof(Choice.StartDate)] = "Choose the date you would like to start.";
        else if (start < today)
            problems[nameof(Choice.StartDate)] = "The start date cannot be in the past. Choose today or a later day.";
        else if (start > today.AddDays(LatestStartInDays))
            problems[nameof(Choice.StartDate)] = $"Choose a start date within the next {LatestStartInDays} days.";
        if (problems.Count > 0)
            return problems;
        if (db.Enrolments.Any(e => e.PatientId == patient.Id))
            return new Dictionary<string, string> { [""] = "You are already enrolled." };

        await StoreAsync(patient, new SessionPreferences(zone.Id, choice.Weekday!.Value, choice.LocalTime!.Value, choice.StartDate!.Value),
            choice.DiaryReminder ? choice.DiaryReminderTime : null);
        return new Dictionary<string, string>();
    }

    /// <summary>
    /// Stores the enrolment and its schedule rows. The choice must already be checked; no reminder time means no diary
    /// reminders. With <paramref name="pastAlreadyHappened"/> (demo data and imports of a program already under way),
    /// events already due are recorded as done rather than dispatched.
    /// </summary>
    public async Task<Enrolment> StoreAsync(Patient patient, SessionPreferences preferences, TimeOnly? diaryReminderTime = null, bool pastAlreadyHappened = false)
    {
        if (!PatientTimeZones.IsAccepted(preferences.TimeZoneId))
            throw new UnknownTimeZoneException(preferences.TimeZoneId);
        var (definition, _) = await program.GetAsync();
        var followUp = definition.AssessmentPoints.FirstOrDefault(p => p.Id == Domain.Measures.AssessmentPoints.FollowUp);
        var schedule = SessionSchedule.Compute(preferences, definition.Weeks, followUp?.MonthsAfterWeek12 ?? 4, followUp?.WindowDays ?? 14);

        var now = clock.GetUtcNow();
        var enrolment = new Enrolment(patient.Id, preferences, diaryReminderTime, now);
        db.Enrolments.Add(enrolment);
        var events = Scheduling.ScheduleEvents.For(enrolment.Id, schedule, definition, now).ToList();
        foreach (var past in events.Where(e => pastAlreadyHappened && e.DueAt <= now))
            past.Done(now, "already past when the enrolment was recorded");
        if (events.All(e => e.IsFinished))
            enrolment.Finish(now); // a program recorded after its follow-up closed
        db.ScheduledEvents.AddRange(events);
        await outcomes.RefreshAsync(patient.Id);
        await db.SaveChangesAsync();
        await planner.PlanAsync(enrolment.Id);
        return enrolment;
    }
}
