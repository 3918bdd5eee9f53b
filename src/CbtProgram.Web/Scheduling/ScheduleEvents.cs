using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Scheduling;

/// <summary>The rows an enrolment's schedule becomes: openings, reminders, nudges and the follow-up, with program.yaml's offsets.</summary>
public static class ScheduleEvents
{
    public static IEnumerable<ScheduledEvent> For(Guid enrolmentId, ProgramSchedule schedule, ProgramDefinition program, DateTimeOffset now)
    {
        var reminders = program.Reminders;
        foreach (var session in schedule.Sessions)
        {
            yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.SessionOpens, session.Week, session.OpensAt);
            var reminderAt = session.OpensAt.AddHours(-reminders.SessionReminderHoursBefore);
            if (reminderAt > now)
                yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.SessionReminder, session.Week, reminderAt);
            yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.ModuleNudge, session.Week, session.OpensAt.AddDays(reminders.ModuleNudgeDaysAfterOpen));
        }

        var followUp = program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp);
        yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpOpens, null, schedule.FollowUpOpensAt);
        var sequence = 0;
        foreach (var days in followUp?.RemindersAfterDays ?? [3, 7])
            yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpReminder, null, schedule.FollowUpOpensAt.AddDays(days), ++sequence);
        yield return new ScheduledEvent(enrolmentId, ScheduledEventKind.FollowUpCloses, null, schedule.FollowUpClosesAt);
    }
}
