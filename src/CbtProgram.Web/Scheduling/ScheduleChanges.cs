using CbtProgram.Web.Data;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Domain.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Rescheduling a session, pausing and resuming, and withdrawing: the rows change and their Hangfire jobs are deleted
/// in the same step, then the planner gives the moved events new jobs. Local times are kept across DST.
/// </summary>
public sealed class ScheduleChanges(AppDbContext db, EventPlanner planner, IBackgroundJobClient jobs, ProgramCatalog program, TimeProvider clock)
{
    private static readonly ScheduledEventKind[] FollowsSession = [ScheduledEventKind.SessionReminder, ScheduledEventKind.ModuleNudge];

    /// <summary>Moves one session that has not opened yet (and its reminder and nudge); returns a problem or null.</summary>
    public async Task<string?> RescheduleSessionAsync(Guid enrolmentId, int week, DateOnly localDate, TimeOnly localTime)
    {
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        var events = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId && e.Week == week).ToListAsync();
        var opening = events.SingleOrDefault(e => e.Kind == ScheduledEventKind.SessionOpens);
        if (opening is null)
            return $"Week {week} is not part of this schedule.";
        if (opening.IsFinished)
            return $"Week {week} has already opened, so it cannot move.";
        var newTime = SessionSchedule.ToInstant(localDate, localTime, enrolment.Zone);
        var now = clock.GetUtcNow();
        if (newTime <= now)
            return "Choose a time in the future.";

        var reminders = (await program.GetAsync()).Program.Reminders;
        Move(opening, newTime);
        foreach (var follower in events.Where(e => FollowsSession.Contains(e.Kind) && !e.IsFinished))
        {
            var due = follower.Kind == ScheduledEventKind.SessionReminder
                ? newTime.AddHours(-reminders.SessionReminderHoursBefore)
                : newTime.AddDays(reminders.ModuleNudgeDaysAfterOpen);
            if (due > now)
                Move(follower, due);
            else
                follower.Cancel(now, "moved into the past by a reschedule");
        }
        await db.SaveChangesAsync();
        await planner.PlanAsync(enrolmentId);
        return null;
    }

    public async Task PauseAsync(Guid enrolmentId)
    {
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        enrolment.Pause(clock.GetUtcNow());
        foreach (var scheduled in await UnfinishedAsync(enrolmentId))
            Move(scheduled, scheduled.DueAt); // keeps the time, drops the job: nothing runs while paused
        await db.SaveChangesAsync();
    }

    /// <summary>Resumes and moves every unfinished event on by the whole weeks the pause lasted, at the same local time.</summary>
    public async Task<int> ResumeAsync(Guid enrolmentId)
    {
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        var weeks = enrolment.Resume(clock.GetUtcNow());
        var zone = enrolment.Zone;
        foreach (var scheduled in await UnfinishedAsync(enrolmentId))
        {
            var local = TimeZoneInfo.ConvertTime(scheduled.DueAt, zone);
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(7 * weeks);
            Move(scheduled, SessionSchedule.ToInstant(date, TimeOnly.FromDateTime(local.DateTime), zone));
        }
        await db.SaveChangesAsync();
        await planner.PlanAsync(enrolmentId);
        return weeks;
    }

    /// <summary>Withdraws the patient: every future event is cancelled and its job deleted.</summary>
    public async Task WithdrawAsync(Guid enrolmentId, string reason)
    {
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        enrolment.Withdraw(reason);
        var now = clock.GetUtcNow();
        foreach (var scheduled in await UnfinishedAsync(enrolmentId))
        {
            DeleteJob(scheduled);
            scheduled.Cancel(now, "withdrawn");
        }
        await db.SaveChangesAsync();
    }

    private Task<List<ScheduledEvent>> UnfinishedAsync(Guid enrolmentId) =>
        db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId
            && e.Status != ScheduledEventStatus.Done && e.Status != ScheduledEventStatus.Cancelled).ToListAsync();

    private void Move(ScheduledEvent scheduled, DateTimeOffset dueAt)
    {
        DeleteJob(scheduled);
        scheduled.MoveTo(dueAt);
    }

    private void DeleteJob(ScheduledEvent scheduled)
    {
        if (scheduled.JobId is { } jobId)
            jobs.Delete(jobId);
    }
}
