using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// The rows an enrolment's schedule becomes: openings, reminders, nudges, the mid and post windows and the follow-up, with program.yaml's offsets.
/// Each keeps its local moment in the patient's zone; offsets are wall-clock (a reminder 24 hours before an 18:30
/// session is at 18:30 the day before, across a clock change too).
/// </summary>
public static class ScheduleEvents
{
    public static IEnumerable<ScheduledEvent> For(Guid enrolmentId, ProgramSchedule schedule, ProgramDefinition program, DateTimeOffset now)
    {
        var reminders = program.Reminders;
        var zone = schedule.Zone;
        foreach (var session in schedule.Sessions)
        {
            var opens = new LocalMoment(session.LocalDate, schedule.LocalTime);
            yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.SessionOpens, session.Week, opens, zone);
            var reminder = ReminderBefore(opens, reminders);
            if (reminder.ToInstant(zone) > now)
                yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.SessionReminder, session.Week, reminder, zone);
            yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.ModuleNudge, session.Week, NudgeAfter(opens, reminders), zone);
        }

        foreach (var window in program.AssessmentWindows())
        {
            var anchor = schedule.Sessions.First(s => s.Week == window.Week);
            foreach (var (kind, order, at) in AssessmentWindows.Events(window, new LocalMoment(anchor.LocalDate, schedule.LocalTime)))
                yield return new ScheduledEvent(enrolmentId, kind, null, at, zone, order);
        }

        var followUp = program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp);
        var followUpOpens = new LocalMoment(schedule.FollowUpLocalDate, schedule.LocalTime);
        yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpOpens, null, followUpOpens, zone);
        var sequence = 0;
        foreach (var days in followUp?.RemindersAfterDays ?? [3, 7])
            yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpReminder, null, followUpOpens.AddDays(days), zone, ++sequence);
        yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpCloses, null, followUpOpens.AddDays(followUp?.WindowDays ?? 14), zone);
    }

    public static LocalMoment ReminderBefore(LocalMoment opens, ReminderSettings reminders) => opens.AddHours(-reminders.SessionReminderHoursBefore);

    public static LocalMoment NudgeAfter(LocalMoment opens, ReminderSettings reminders) => opens.AddDays(reminders.ModuleNudgeDaysAfterOpen);
}
