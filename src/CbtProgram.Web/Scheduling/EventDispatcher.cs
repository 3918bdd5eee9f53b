using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Does what a scheduled event stands for, exactly once however often it is called: it locks the event's enrolment and
/// then the event (<see cref="EnrolmentLock"/>, so no schedule change interleaves), does nothing if the event is finished
/// or not yet due, and records the effect (module opened, notice, queued email) and the event's completion in one
/// transaction. Emails carry a unique key, so a retry after a crash queues none twice. A paused program's event waits
/// (it is deferred, never cancelled); a late event follows its kind's rule (<see cref="LateEvents"/>).
/// </summary>
public sealed class EventDispatcher(AppDbContext db, ModuleOpening opening, AssessmentPlan assessments, ProgramCatalog program, Outbox outbox, Notifications.Push.PatientReminders reminders, MailOptions mail, TimeProvider clock, ILogger<EventDispatcher> logger, Operations.OperationsMetrics metrics, CaseloadSummary.PatientSummaries summaries)
{
    /// <summary>
    /// Runs the event if it is due and unfinished; true when it ran. With <paramref name="waitForLock"/> false (the
    /// sweeper) an enrolment another worker holds is passed over at once instead of waited for.
    /// </summary>
    public async Task<bool> DispatchAsync(Guid eventId, bool waitForLock = true)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (await db.LockEventAsync(eventId, waitForLock) is not { } locked)
            return false;
        var (enrolment, scheduled) = locked;
        if (scheduled.IsFinished || scheduled.DueAt > now)
            return false;

        var dispatched = true;
        switch (enrolment.Status)
        {
            case EnrolmentStatus.Paused:
                scheduled.Defer(); // resuming moves it on; nothing is lost to the pause
                dispatched = false;
                break;
            case EnrolmentStatus.Withdrawn or EnrolmentStatus.Finished:
                scheduled.Cancel(now, $"enrolment {enrolment.Status.ToString().ToLowerInvariant()}");
                break;
            default:
                scheduled.Done(now, await RunAsync(scheduled, enrolment, now));
                break;
        }
        await db.SaveChangesAsync();
        await summaries.RefreshAsync([enrolment.PatientId]); // the caseload summaries of the patients this dispatch touched
        await transaction.CommitAsync();
        if (scheduled.Status == ScheduledEventStatus.Done)
            metrics.EventDispatched(scheduled.DueAt, scheduled.CompletedAt!.Value);
        outbox.TriggerDelivery();
        logger.LogInformation("Scheduled event {EventId} ({Kind}): {Outcome}", scheduled.Id, scheduled.Kind, scheduled.Outcome ?? "deferred while paused");
        return dispatched;
    }

    /// <summary>How many failed attempts make an event Failed (it then waits for an admin's "Run now").</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// Records a failed attempt on the event's row (error, attempts; Failed after <see cref="MaxAttempts"/>), in a
    /// transaction of its own after the failed one was rolled back; nothing the failed attempt began is kept.
    /// </summary>
    public async Task RecordFailureAsync(Guid eventId, Exception error)
    {
        db.ChangeTracker.Clear();
        var scheduled = await db.ScheduledEvents.FirstOrDefaultAsync(e => e.Id == eventId);
        if (scheduled is null || scheduled.IsFinished)
            return;
        scheduled.Fail($"{error.GetType().Name}: {error.Message}", MaxAttempts, clock.GetUtcNow());
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        logger.LogWarning("Scheduled event {EventId} ({Kind}) failed, attempt {Attempts}: {Error}", scheduled.Id, scheduled.Kind, scheduled.Attempts, error.Message);
    }

    private async Task<string> RunAsync(ScheduledEvent scheduled, Enrolment enrolment, DateTimeOffset now)
    {
        var patient = await db.Patients.SingleAsync(p => p.Id == enrolment.PatientId);
        if (scheduled.Kind == ScheduledEventKind.FollowUpCloses)
        {
            var outcome = await CloseFollowUpAsync(patient.Id, patient.AssignedTherapistId, scheduled);
            enrolment.Finish(now);
            return outcome;
        }

        if (scheduled.Kind is ScheduledEventKind.MidCloses or ScheduledEventKind.PostCloses)
            return await CloseWindowAsync(AssessmentWindows.KindsOf(scheduled.Kind)!.Point, patient.Id);

        var decision = LateEvents.Decide(scheduled.Kind, now, await FactsAsync(scheduled, enrolment, patient.Id));
        if (scheduled.Kind == ScheduledEventKind.SessionOpens)
            return await OpenSessionAsync(scheduled, patient, decision);
        if (decision.DropReason is { } why)
            return $"dropped: {why}";
        var (subject, text, link) = scheduled.Kind switch
        {
            ScheduledEventKind.SessionReminder => ($"Your week {scheduled.Week} session opens soon",
                "Your next CbtProgram session opens within a day. We will let you know when it is ready.", "/patient"),
            ScheduledEventKind.ModuleNudge => ($"Week {scheduled.Week} is waiting for you",
                $"Your CbtProgram session for week {scheduled.Week} is still there, and your place is saved. Even ten minutes helps.", $"/patient/modules/{scheduled.Week}"),
            ScheduledEventKind.MidOpens => ("Your halfway questionnaires are ready",
                "Your CbtProgram halfway questionnaires are ready. They take about 5 minutes.", "/patient"),
            ScheduledEventKind.MidReminder => ("Your halfway questionnaires are still open",
                "Your CbtProgram halfway questionnaires are still open. They take about 5 minutes.", "/patient"),
            ScheduledEventKind.PostOpens => ("Your end-of-program questionnaires are ready",
                "You have reached the end of the 12 weeks. Your CbtProgram end-of-program questionnaires are ready. They take about 10 minutes.", "/patient"),
            ScheduledEventKind.PostReminder => ("Your end-of-program questionnaires are still open",
                "Your CbtProgram end-of-program questionnaires are still open. They take about 10 minutes.", "/patient"),
            ScheduledEventKind.FollowUpOpens => ("Your follow-up questionnaires are ready",
                "Your CbtProgram follow-up is ready. It takes about 10 minutes.", "/patient"),
            _ => ("Your follow-up questionnaires are still open",
                "Your CbtProgram follow-up is still open. It takes about 10 minutes.", "/patient"),
        };
        await NotifyAsync(scheduled, patient, decision.Email, subject, text, link);
        return "patient reminded";
    }

    /// <summary>What the late-event rules need, read under the enrolment's lock: the week's bounds, the module, the follow-up.</summary>
    private async Task<LateEventFacts> FactsAsync(ScheduledEvent scheduled, Enrolment enrolment, Guid patientId)
    {
        if (AssessmentWindows.KindsOf(scheduled.Kind) is { } window)
            return new LateEventFacts
            {
                WindowClosesAt = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolment.Id && e.Kind == window.Closes && e.Status != ScheduledEventStatus.Cancelled)
                    .Select(e => (DateTimeOffset?)e.DueAt).FirstOrDefaultAsync(),
                WindowAnswered = await AnsweredAsync(window.Point, patientId),
            };
        var marks = await db.ScheduledEvents.AsNoTracking()
            .Where(e => e.EnrolmentId == enrolment.Id && e.Status != ScheduledEventStatus.Cancelled
                && ((e.Kind == ScheduledEventKind.SessionOpens && (e.Week == scheduled.Week || e.Week == scheduled.Week + 1)) || e.Kind == ScheduledEventKind.FollowUpCloses))
            .Select(e => new { e.Kind, e.Week, e.DueAt, e.LocalDate, e.LocalTime }).ToListAsync();
        if (scheduled.Week is { } week)
        {
            var opens = marks.FirstOrDefault(m => m.Kind == ScheduledEventKind.SessionOpens && m.Week == week);
            var next = marks.FirstOrDefault(m => m.Kind == ScheduledEventKind.SessionOpens && m.Week == week + 1);
            return new LateEventFacts
            {
                SessionOpensAt = opens?.DueAt,
                // The last week lasts a week, as every other does.
                WeekEndsAt = next?.DueAt ?? (opens is null ? null : new LocalMoment(opens.LocalDate, opens.LocalTime).AddDays(7).ToInstant(enrolment.Zone)),
                ModuleCompleted = await db.PatientModules.AnyAsync(m => m.PatientId == patientId && m.Week == week && m.CompletedAt != null),
            };
        }
        return new LateEventFacts
        {
            FollowUpClosesAt = marks.FirstOrDefault(m => m.Kind == ScheduledEventKind.FollowUpCloses)?.DueAt,
            FollowUpAnswered = (await assessments.MissingAsync(patientId, AssessmentPoints.FollowUp, 0)).Count == 0,
        };
    }

    private async Task<string> OpenSessionAsync(ScheduledEvent scheduled, Patient patient, LateEventDecision decision)
    {
        var week = scheduled.Week!.Value;
        await opening.OpenAsync(patient.Id, week);
        if (decision.Notice)
            await NotifyAsync(scheduled, patient, decision.Email, $"Week {week} is ready",
                $"Your CbtProgram session for week {week} is ready whenever you are.", $"/patient/modules/{week}");
        var outcome = decision.Email ? "opened, patient told" : decision.Notice ? "opened late, in-app notice only" : "opened";
        return await FlagMissedSessionsAsync(scheduled, patient) ? $"{outcome}, therapist told of missed sessions" : outcome;
    }

    /// <summary>When this opening ends a run of missed sessions as long as program.yaml's flag, the therapist is emailed once.</summary>
    private async Task<bool> FlagMissedSessionsAsync(ScheduledEvent scheduled, Patient patient)
    {
        var threshold = (await program.GetAsync()).Program.Reminders.MissedSessionsFlag;
        var completed = await db.PatientModules.Where(m => m.PatientId == patient.Id && m.CompletedAt != null).Select(m => m.Week).ToListAsync();
        if (MissedSessions.InARow(completed, scheduled.Week!.Value) != threshold || patient.AssignedTherapistId is not { } therapistId)
            return false;
        // The caseload shows the flag while it lasts; the email makes sure the therapist hears of it.
        var key = $"event:{scheduled.Id}:therapist";
        var link = $"/therapist/patients/{patient.Id}";
        var therapistEmail = await db.Users.Where(u => u.Id == therapistId).Select(u => u.Email).FirstOrDefaultAsync();
        if (therapistEmail is not null)
            await outbox.EnqueueAsync($"{key}:email", therapistEmail, "CbtProgram: a patient may need a check-in",
                $"A patient on your caseload has not completed their last {threshold} sessions.\n\nSign in to CbtProgram to see who: {mail.Link(link)}\n",
                deliverNow: false);
        return true;
    }

    private async Task<bool> AnsweredAsync(string point, Guid patientId) =>
        (await assessments.MissingAsync(patientId, point, await assessments.WeekOfPointAsync(point))).Count == 0;

    /// <summary>
    /// A mid or post window closes: answered, or missed. A missed point stays missing (the outcome pages show it so,
    /// nothing is filled in for it) and can no longer be answered (<see cref="AssessmentPlan.DueAsync"/>).
    /// </summary>
    private async Task<string> CloseWindowAsync(string point, Guid patientId) =>
        await AnsweredAsync(point, patientId) ? $"{point} answered" : $"{point} missed: not answered before the window closed";

    private async Task<string> CloseFollowUpAsync(Guid patientId, string? therapistId, ScheduledEvent scheduled)
    {
        if ((await assessments.MissingAsync(patientId, AssessmentPoints.FollowUp, 0)).Count == 0)
            return "follow-up answered";
        var therapistEmail = await db.Users.Where(u => u.Id == therapistId).Select(u => u.Email).FirstOrDefaultAsync();
        if (therapistEmail is not null)
            await outbox.EnqueueAsync($"event:{scheduled.Id}:therapist:email", therapistEmail, "CbtProgram: a follow-up was missed",
                $"A patient on your caseload did not complete their four-month follow-up before it closed.\n\nSign in to CbtProgram to see who: {mail.Link($"/therapist/patients/{patientId}")}\n",
                deliverNow: false);
        return "follow-up missed, therapist told";
    }

    /// <summary>
    /// An in-app notice and (when the late rule lets it: <paramref name="remind"/>) an email and/or push, as the patient
    /// chose (<see cref="Notifications.Push.PatientReminders"/>), that say only that something is ready, with a link; keyed by the event.
    /// </summary>
    private async Task NotifyAsync(ScheduledEvent scheduled, Patient patient, bool remind, string subject, string text, string link)
    {
        var key = $"event:{scheduled.Id}:patient";
        if (!await db.Notices.AnyAsync(n => n.Key == key))
            db.Notices.Add(new Notice(key, patient.UserId, subject, link, clock.GetUtcNow()));
        if (remind)
            await reminders.QueueAsync(patient.Id, new(Notifications.Push.ReminderKinds.ForEvent(scheduled.Kind), key, subject,
                $"{text}\n\nSign in to CbtProgram to continue: {mail.Link(link)}\n", subject, link, MailPriorities.ForEvent(scheduled.Kind)));
    }
}
