using CbtProgram.Web.Data;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Rescheduling a session, pausing and resuming, and withdrawing: the rows change and their Hangfire jobs are deleted
/// in the same step, then the planner gives the moved events new jobs. Local times are kept across DST.
/// </summary>
public sealed class ScheduleChanges(AppDbContext db, EventPlanner planner, IBackgroundJobClient jobs, ProgramCatalog program, Outbox outbox, MailOptions mail, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    private static readonly ScheduledEventKind[] FollowsSession = [ScheduledEventKind.SessionReminder, ScheduledEventKind.ModuleNudge];
    private static readonly ScheduledEventKind[] FollowUpKinds = [ScheduledEventKind.FollowUpOpens, ScheduledEventKind.FollowUpReminder, ScheduledEventKind.FollowUpCloses];

    /// <summary>
    /// Moves one session that has not opened yet (and its reminder and nudge; for the last session, the follow-up too) to
    /// a new local date and time, which must fall after the previous session and before the next one; returns a problem
    /// or null.
    /// </summary>
    public async Task<string?> RescheduleSessionAsync(Guid enrolmentId, int week, DateOnly? localDate, TimeOnly? localTime)
    {
        if (localDate is null)
            return "Choose the new date.";
        if (localTime is null)
            return "Choose the new time, such as 18:30.";
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        if (enrolment.Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
            return "This program has ended, so its sessions cannot move.";
        var openings = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens).ToListAsync();
        var opening = openings.SingleOrDefault(e => e.Week == week);
        if (opening is null)
            return $"Week {week} is not part of this schedule.";
        var now = clock.GetUtcNow();
        if (opening.IsFinished || opening.DueAt <= now)
            return $"Week {week} has already opened, so it cannot move.";
        var zone = enrolment.Zone;
        var newTime = SessionSchedule.ToInstant(localDate.Value, localTime.Value, zone);
        if (newTime <= now)
            return "Choose a time in the future.";
        if (openings.SingleOrDefault(e => e.Week == week - 1) is { } previous && newTime <= previous.DueAt)
            return $"Week {week} must open after week {week - 1}, which opens {Describe(previous.DueAt, zone)}.";
        if (openings.SingleOrDefault(e => e.Week == week + 1) is { } next && newTime >= next.DueAt)
            return $"Week {week} must open before week {week + 1}, which opens {Describe(next.DueAt, zone)}. To move every session later, pause the program instead.";
        var events = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId && e.Week == week && e.Kind != ScheduledEventKind.SessionOpens).ToListAsync();

        var definition = (await program.GetAsync()).Program;
        var reminders = definition.Reminders;
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
        if (week == openings.Max(o => o.Week))
            await MoveFollowUpAsync(enrolmentId, definition, localDate.Value, localTime.Value, zone);
        await db.SaveChangesAsync();
        await planner.PlanAsync(enrolmentId);
        return null;
    }

    /// <summary>
    /// The last session moved, so the follow-up moves with the program's end: it opens and closes where a schedule made
    /// with the new date would have them, and its reminders keep their distance from the opening.
    /// </summary>
    private async Task MoveFollowUpAsync(Guid enrolmentId, Curriculum.Definitions.ProgramDefinition definition, DateOnly lastSessionDate, TimeOnly time, TimeZoneInfo zone)
    {
        var point = definition.AssessmentPoints.FirstOrDefault(p => p.Id == Domain.Measures.AssessmentPoints.FollowUp);
        var (_, opensAt, closesAt) = SessionSchedule.FollowUp(lastSessionDate, time, zone, point?.MonthsAfterWeek12 ?? 4, point?.WindowDays ?? 14);
        var followUp = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId && FollowUpKinds.Contains(e.Kind)).ToListAsync();
        if (followUp.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens) is not { IsFinished: false } opening)
            return;
        var oldOpensAt = opening.DueAt;
        foreach (var scheduled in followUp.Where(e => !e.IsFinished))
        {
            Move(scheduled, scheduled.Kind switch
            {
                ScheduledEventKind.FollowUpOpens => opensAt,
                ScheduledEventKind.FollowUpCloses => closesAt,
                _ => opensAt + (scheduled.DueAt - oldOpensAt),
            });
        }
    }

    /// <summary>Pauses an active program: nothing runs until it is resumed. Returns a problem or null.</summary>
    public async Task<string?> PauseAsync(Guid enrolmentId)
    {
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        if (enrolment.Status != EnrolmentStatus.Active)
            return enrolment.Status == EnrolmentStatus.Paused ? "The program is already paused." : "This program has ended, so it cannot be paused.";
        enrolment.Pause(clock.GetUtcNow());
        foreach (var scheduled in await UnfinishedAsync(enrolmentId))
            Move(scheduled, scheduled.DueAt); // keeps the time, drops the job: nothing runs while paused
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>
    /// Resumes and moves every unfinished event on by the whole weeks the pause lasted (a part-week counts as one), at
    /// the same local time. Returns the weeks moved, or a problem.
    /// </summary>
    public async Task<(int Weeks, string? Problem)> ResumeAsync(Guid enrolmentId)
    {
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        if (enrolment.Status != EnrolmentStatus.Paused)
            return (0, "The program is not paused.");
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
        return (weeks, null);
    }

    /// <summary>Withdraws the patient: every future event is cancelled and its job deleted. Returns a problem or null.</summary>
    public async Task<string?> WithdrawAsync(Guid enrolmentId, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return "Say briefly why the program is stopping.";
        if (reason.Trim().Length > MaxReasonLength)
            return $"Keep the reason under {MaxReasonLength} characters.";
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        if (enrolment.Status == EnrolmentStatus.Withdrawn)
            return "The program has already stopped.";
        enrolment.Withdraw(reason);
        var now = clock.GetUtcNow();
        foreach (var scheduled in await UnfinishedAsync(enrolmentId))
        {
            DeleteJob(scheduled);
            scheduled.Cancel(now, "withdrawn");
        }
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>The patient stops the program themselves; their words are optional, and their therapist is told by email.</summary>
    public async Task<string?> StopByPatientAsync(Guid enrolmentId, string? words)
    {
        var reason = string.IsNullOrWhiteSpace(words) ? "Stopped by the patient" : $"Stopped by the patient: {words.Trim()}";
        if (await WithdrawAsync(enrolmentId, reason) is { } problem)
            return problem;
        var therapist = await (from enrolment in db.Enrolments
                               join patient in db.Patients on enrolment.PatientId equals patient.Id
                               join user in db.Users on patient.AssignedTherapistId equals user.Id
                               where enrolment.Id == enrolmentId
                               select new { user.Email, patient.Id }).FirstOrDefaultAsync();
        if (therapist?.Email is { } email)
            await outbox.EnqueueAsync($"withdrawn:{enrolmentId}:therapist:email", email, "CbtProgram: a patient has stopped the program",
                $"A patient on your caseload has stopped the program.\n\nSign in to CbtProgram to see who: {mail.Link($"/therapist/patients/{therapist.Id}")}\n");
        return null;
    }

    private static string Describe(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("dddd d MMMM 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture);

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
