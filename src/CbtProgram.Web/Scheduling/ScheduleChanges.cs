using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Every change to a patient's schedule: moving a session, pausing and resuming, changing time zone, applying new zone
/// rules, restoring a cancelled event and withdrawing. Each runs as one writer on the enrolment (<see cref="EnrolmentLock"/>):
/// it decides on rows read under the lock, never touches a finished (done or cancelled) event, and changes nothing when
/// it refuses. Moved events lose their Hangfire job (deleted once the change is committed) and are planned again.
/// Events move by their stored local moment, so the patient's chosen time survives clock changes and zone changes.
/// </summary>
public sealed class ScheduleChanges(AppDbContext db, EventPlanner planner, IBackgroundJobClient jobs, ProgramCatalog program, Outbox outbox, MailOptions mail, TimeProvider clock, Outcomes.Patients.PatientOutcomeStore outcomes)
{
    public const int MaxReasonLength = 500;

    private static readonly ScheduledEventKind[] FollowUpKinds = [ScheduledEventKind.FollowUpOpens, ScheduledEventKind.FollowUpReminder, ScheduledEventKind.FollowUpCloses];

    /// <summary>
    /// Moves one session that has not opened yet (and its reminder and nudge; the mid or post window anchored to it; for the last session, the follow-up too) to
    /// a new local date and time, which must fall after the previous session and before the next one; returns a problem
    /// or null.
    /// </summary>
    public async Task<string?> RescheduleSessionAsync(Guid enrolmentId, int week, DateOnly? localDate, TimeOnly? localTime)
    {
        if (localDate is null)
            return "Choose the new date.";
        if (localTime is null)
            return "Choose the new time, such as 18:30.";
        var definition = (await program.GetAsync()).Program;
        return await ChangeAsync(enrolmentId, (enrolment, events, change) =>
        {
            if (enrolment.Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
                return "This program has ended, so its sessions cannot move.";
            var openings = events.Where(e => e.Kind == ScheduledEventKind.SessionOpens).ToList();
            var opening = openings.SingleOrDefault(e => e.Week == week);
            if (opening is null)
                return $"Week {week} is not part of this schedule.";
            var now = clock.GetUtcNow();
            if (opening.IsFinished || opening.DueAt <= now)
                return $"Week {week} has already opened, so it cannot move.";
            var zone = enrolment.Zone;
            var moment = new LocalMoment(localDate.Value, localTime.Value);
            var newTime = moment.ToInstant(zone);
            if (newTime <= now)
                return "Choose a time in the future.";
            if (openings.SingleOrDefault(e => e.Week == week - 1) is { Status: not ScheduledEventStatus.Cancelled } previous && newTime <= previous.DueAt)
                return $"Week {week} must open after week {week - 1}, which opens {Describe(previous.DueAt, zone)}.";
            if (openings.SingleOrDefault(e => e.Week == week + 1) is { Status: not ScheduledEventStatus.Cancelled } next && newTime >= next.DueAt)
                return $"Week {week} must open before week {week + 1}, which opens {Describe(next.DueAt, zone)}. To move every session later, pause the program instead.";

            var reminders = definition.Reminders;
            change.Move(opening, moment, zone);
            foreach (var follower in events.Where(e => e.Week == week && !e.IsFinished))
            {
                var at = follower.Kind switch
                {
                    ScheduledEventKind.SessionReminder => ScheduleEvents.ReminderBefore(moment, reminders),
                    ScheduledEventKind.ModuleNudge => ScheduleEvents.NudgeAfter(moment, reminders),
                    _ => (LocalMoment?)null,
                };
                if (at is not { } due)
                    continue;
                if (due.ToInstant(zone) > now)
                    change.Move(follower, due, zone);
                else
                    change.Cancel(follower, now, "moved into the past by a reschedule");
            }
            MoveWindows(events, definition, week, moment, zone, change);
            if (week == openings.Max(o => o.Week))
                MoveFollowUp(events, definition, localDate.Value, localTime.Value, zone, change);
            return null;
        });
    }

    /// <summary>
    /// A session moved, so the mid or post window anchored to its week moves with it: each of the window's events goes
    /// where a schedule made with the new date would have it (<see cref="AssessmentWindows"/>).
    /// </summary>
    private static void MoveWindows(List<ScheduledEvent> events, ProgramDefinition definition, int week, LocalMoment sessionOpens, TimeZoneInfo zone, PendingChange change)
    {
        foreach (var rule in definition.AssessmentWindows().Where(r => r.Week == week))
        {
            var kinds = AssessmentWindows.KindsOf(rule.Point)!;
            foreach (var scheduled in events.Where(e => kinds.Contains(e.Kind) && !e.IsFinished))
            {
                if (AssessmentWindows.MovedTo(rule, sessionOpens, scheduled.Kind, scheduled.Sequence) is { } at)
                    change.Move(scheduled, at, zone);
            }
        }
    }

    /// <summary>
    /// The last session moved, so the follow-up moves with the program's end: it opens and closes where a schedule made
    /// with the new date would have them, and its reminders keep their distance in days from the opening.
    /// </summary>
    private static void MoveFollowUp(List<ScheduledEvent> events, ProgramDefinition definition, DateOnly lastSessionDate, TimeOnly time, TimeZoneInfo zone, PendingChange change)
    {
        var point = definition.AssessmentPoints.FirstOrDefault(p => p.Id == Domain.Measures.AssessmentPoints.FollowUp);
        var (opensDate, _, _) = SessionSchedule.FollowUp(lastSessionDate, time, zone, point?.MonthsAfterWeek12 ?? 4, point?.WindowDays ?? 14);
        var followUp = events.Where(e => FollowUpKinds.Contains(e.Kind)).ToList();
        if (followUp.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens) is not { IsFinished: false } opening)
            return;
        var oldOpens = opening.LocalDate;
        var opens = new LocalMoment(opensDate, time);
        foreach (var scheduled in followUp.Where(e => !e.IsFinished))
        {
            change.Move(scheduled, scheduled.Kind switch
            {
                ScheduledEventKind.FollowUpOpens => opens,
                ScheduledEventKind.FollowUpCloses => opens.AddDays(point?.WindowDays ?? 14),
                _ => opens.AddDays(scheduled.LocalDate.DayNumber - oldOpens.DayNumber),
            }, zone);
        }
    }

    /// <summary>
    /// Pauses an active program: nothing of it is planned, swept or dispatched until it resumes. Events keep their
    /// times (a job that fires anyway defers its event); a week already open stays open. Returns a problem or null.
    /// </summary>
    public Task<string?> PauseAsync(Guid enrolmentId) => ChangeAsync(enrolmentId, (enrolment, events, change) =>
    {
        if (enrolment.Status != EnrolmentStatus.Active)
            return enrolment.Status == EnrolmentStatus.Paused ? "The program is already paused." : "This program has ended, so it cannot be paused.";
        if (!events.Any(e => e.Kind == ScheduledEventKind.SessionOpens && !e.IsFinished))
            return "Every session has already opened, so there is nothing to pause.";
        enrolment.Pause(clock.GetUtcNow());
        foreach (var scheduled in events.Where(e => !e.IsFinished))
            change.Defer(scheduled);
        return null;
    }, plan: false);

    /// <summary>
    /// Resumes: every event still to come moves on by the fewest whole weeks that bring the next session after today
    /// (<see cref="Breaks.WeeksToMove"/>), at the same local day and time; the follow-up moves with the program's new
    /// end; what is now inside the planning horizon is planned. Returns the weeks moved, or a problem.
    /// </summary>
    public async Task<(int Weeks, string? Problem)> ResumeAsync(Guid enrolmentId)
    {
        var definition = (await program.GetAsync()).Program;
        var weeks = 0;
        var problem = await ChangeAsync(enrolmentId, (enrolment, events, change) =>
        {
            if (enrolment.Status != EnrolmentStatus.Paused)
                return "The program is not paused.";
            var zone = enrolment.Zone;
            var pausedAt = enrolment.Resume();
            var toCome = events.Where(e => !e.IsFinished).ToList();
            var nextSession = toCome.Where(e => e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.DueAt).Select(e => (LocalMoment?)e.LocalIntent).FirstOrDefault();
            weeks = Breaks.WeeksToMove(nextSession, zone, pausedAt, clock.GetUtcNow());
            foreach (var scheduled in toCome)
                change.Move(scheduled, scheduled.LocalIntent.AddDays(7 * weeks), zone);
            // The follow-up keeps its own rule (calendar months after the program's new end), not a shift in days.
            if (events.Where(e => e.Kind == ScheduledEventKind.SessionOpens).MaxBy(e => e.Week) is { IsFinished: false } last)
                MoveFollowUp(events, definition, last.LocalDate, last.LocalTime, zone, change);
            return null;
        });
        return (problem is null ? weeks : 0, problem);
    }

    /// <summary>
    /// The patient now lives in (or is staying in) another time zone: every event still to come keeps its local date
    /// and time, now read in the new zone; the diary reminder and the calendar feed follow. Returns a problem or null.
    /// </summary>
    public Task<string?> ChangeTimeZoneAsync(Guid enrolmentId, string? timeZoneId)
    {
        if (!PatientTimeZones.IsAccepted(timeZoneId))
            return Task.FromResult<string?>(string.IsNullOrWhiteSpace(timeZoneId) ? "Choose a time zone from the list." : "That time zone is not on the list. Choose one from the list, such as Europe/London.");
        var zone = PatientTimeZones.Find(timeZoneId!);
        return ChangeAsync(enrolmentId, (enrolment, events, change) =>
        {
            if (enrolment.Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
                return "This program has ended, so its time zone cannot change.";
            if (enrolment.TimeZoneId == zone.Id)
                return $"The schedule is already in {PatientTimeZones.Describe(zone.Id)} time.";
            enrolment.MoveToZone(zone);
            foreach (var scheduled in events.Where(e => !e.IsFinished))
                change.Move(scheduled, scheduled.LocalIntent, zone);
            return null;
        });
    }

    /// <summary>
    /// Reads every event still to come from its local moment again, with the zone rules this machine has now (after a
    /// tz database update); returns how many instants changed.
    /// </summary>
    public async Task<int> RecomputeAsync(Guid enrolmentId)
    {
        var moved = 0;
        await ChangeAsync(enrolmentId, (enrolment, events, change) =>
        {
            if (enrolment.Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
                return null;
            var zone = enrolment.Zone;
            foreach (var scheduled in events.Where(e => !e.IsFinished && e.LocalIntent.ToInstant(zone) != e.DueAt))
            {
                change.Move(scheduled, scheduled.LocalIntent, zone);
                moved++;
            }
            return null;
        });
        return moved;
    }

    /// <summary>An admin restores a cancelled event of a program still running: it runs at its time, or at once if that has passed.</summary>
    public Task<string?> RestoreAsync(Guid enrolmentId, Guid eventId) => ChangeAsync(enrolmentId, (enrolment, events, change) =>
    {
        if (enrolment.Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished)
            return "This program has ended, so its events cannot be restored.";
        if (events.SingleOrDefault(e => e.Id == eventId) is not { } scheduled)
            return "That event is not part of this schedule.";
        if (scheduled.Status != ScheduledEventStatus.Cancelled)
            return "Only a cancelled event can be restored; this one is not cancelled.";
        scheduled.Restore();
        return null;
    });

    /// <summary>Withdraws the patient: every event still to come is cancelled and its job deleted. Returns a problem or null.</summary>
    public Task<string?> WithdrawAsync(Guid enrolmentId, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return Task.FromResult<string?>("Say briefly why the program is stopping.");
        if (reason.Trim().Length > MaxReasonLength)
            return Task.FromResult<string?>($"Keep the reason under {MaxReasonLength} characters.");
        return ChangeAsync(enrolmentId, (enrolment, events, change) =>
        {
            if (enrolment.Status == EnrolmentStatus.Withdrawn)
                return "The program has already stopped.";
            if (enrolment.Status == EnrolmentStatus.Finished)
                return "The program has already finished.";
            enrolment.Withdraw(reason);
            var now = clock.GetUtcNow();
            foreach (var scheduled in events.Where(e => !e.IsFinished))
                change.Cancel(scheduled, now, "withdrawn");
            return null;
        }, plan: false);
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

    /// <summary>
    /// Runs one change as the enrolment's only writer: locks it, decides on fresh rows, and commits, or changes nothing
    /// when the decision is a problem. Jobs of moved or cancelled events are deleted after the commit; moved events are
    /// then planned (at once when inside the horizon).
    /// </summary>
    private async Task<string?> ChangeAsync(Guid enrolmentId, Func<Enrolment, List<ScheduledEvent>, PendingChange, string?> decide, bool plan = true)
    {
        var change = new PendingChange();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            if (await db.LockScheduleAsync(enrolmentId) is not { } locked)
                return "This patient has no schedule.";
            if (decide(locked.Enrolment, locked.Events, change) is { } problem)
            {
                db.ChangeTracker.Clear();
                return problem;
            }
            // The diary windows follow week 1, week 12 and the follow-up. The patient's write lock first, the one a diary
            // save holds while it reads and stores: a day saved meanwhile is then either read here or saved after this
            // commits, over the moved windows, and is never missed by both (enrolment before patient, as every writer locks).
            await CaseloadSummary.PatientSummaries.LockPatientAsync(db, locked.Enrolment.PatientId);
            await outcomes.RefreshAsync(locked.Enrolment.PatientId);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        foreach (var (jobId, instant) in change.StaleJobs.Distinct())
        {
            // Every event due in that second shares the job: it goes only when none of them still waits for it.
            if (!await db.ScheduledEvents.AnyAsync(e => e.Status == ScheduledEventStatus.Planned && e.DueAt > instant.AddSeconds(-1) && e.DueAt <= instant && e.JobId == jobId))
                jobs.Delete(jobId);
        }
        if (plan)
            await planner.PlanAsync(enrolmentId);
        return null;
    }

    /// <summary>What one change does to events, remembering the Hangfire jobs that no longer stand.</summary>
    private sealed class PendingChange
    {
        /// <summary>Each job with the whole second it was planned for (<see cref="EventPlanner.NextWholeSecond"/>).</summary>
        public List<(string JobId, DateTimeOffset Instant)> StaleJobs { get; } = [];

        public void Move(ScheduledEvent scheduled, LocalMoment at, TimeZoneInfo zone)
        {
            Forget(scheduled);
            scheduled.MoveTo(at, zone);
        }

        public void Defer(ScheduledEvent scheduled)
        {
            Forget(scheduled);
            scheduled.Defer();
        }

        public void Cancel(ScheduledEvent scheduled, DateTimeOffset now, string why)
        {
            Forget(scheduled);
            scheduled.Cancel(now, why);
        }

        private void Forget(ScheduledEvent scheduled)
        {
            if (scheduled.JobId is { } jobId)
                StaleJobs.Add((jobId, EventPlanner.NextWholeSecond(scheduled.DueAt)));
        }
    }
}
