using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Does what a scheduled event stands for, exactly once however often it is called: it locks the event's row, does
/// nothing if the event is finished, and records the effect (module opened, notice, queued email) and the event's
/// completion in one transaction. Emails carry a unique key, so a retry after a crash queues none twice.
/// </summary>
public sealed class EventDispatcher(AppDbContext db, ModuleOpening opening, AssessmentPlan assessments, ProgramCatalog program, Outbox outbox, MailOptions mail, TimeProvider clock, ILogger<EventDispatcher> logger)
{
    /// <summary>Events found later than this (after an outage, or for a schedule set up in the past) do their work silently.</summary>
    public static readonly TimeSpan NotifyWithin = TimeSpan.FromHours(24);

    public async Task<bool> DispatchAsync(Guid eventId)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var scheduled = await db.ScheduledEvents.FromSql($"""SELECT * FROM scheduled_events WHERE "Id" = {eventId} FOR UPDATE""").SingleOrDefaultAsync();
        if (scheduled is null || scheduled.IsFinished || scheduled.DueAt > now)
            return false;
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == scheduled.EnrolmentId);
        var patient = await db.Patients.SingleAsync(p => p.Id == enrolment.PatientId);
        var email = await db.Users.Where(u => u.Id == patient.UserId).Select(u => u.Email).SingleAsync() ?? "";

        if (enrolment.Status is EnrolmentStatus.Withdrawn or EnrolmentStatus.Paused)
        {
            scheduled.Cancel(now, $"enrolment {enrolment.Status.ToString().ToLowerInvariant()}");
        }
        else
        {
            var notify = now - scheduled.DueAt <= NotifyWithin;
            var outcome = scheduled.Kind switch
            {
                ScheduledEventKind.SessionOpens => await OpenSessionAsync(scheduled, patient, email, notify),
                ScheduledEventKind.SessionReminder => await RemindAsync(scheduled, patient.UserId, email, notify,
                    $"Your week {scheduled.Week} session opens soon", $"Your next CbtProgram session opens within a day. We will let you know when it is ready.", "/patient"),
                ScheduledEventKind.ModuleNudge => await NudgeAsync(scheduled, patient.Id, patient.UserId, email, notify),
                ScheduledEventKind.FollowUpOpens => await RemindAsync(scheduled, patient.UserId, email, notify,
                    "Your follow-up questionnaires are ready", "Your CbtProgram follow-up is ready. It takes about 10 minutes.", "/patient"),
                ScheduledEventKind.FollowUpReminder => await FollowUpReminderAsync(scheduled, patient.Id, patient.UserId, email, notify),
                ScheduledEventKind.FollowUpCloses => await CloseFollowUpAsync(patient.Id, patient.AssignedTherapistId, scheduled),
                _ => "unknown kind",
            };
            scheduled.Done(now, outcome);
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        outbox.TriggerDelivery();
        logger.LogInformation("Dispatched scheduled event {EventId} ({Kind}): {Outcome}", scheduled.Id, scheduled.Kind, scheduled.Outcome);
        return true;
    }

    private async Task<string> OpenSessionAsync(ScheduledEvent scheduled, Patient patient, string email, bool notify)
    {
        var week = scheduled.Week!.Value;
        await opening.OpenAsync(patient.Id, week);
        if (notify)
            await NotifyAsync(scheduled, patient.UserId, email, $"Week {week} is ready",
                $"Your CbtProgram session for week {week} is ready whenever you are.", $"/patient/modules/{week}");
        var outcome = notify ? "opened, patient told" : "opened";
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

    private async Task<string> NudgeAsync(ScheduledEvent scheduled, Guid patientId, string userId, string email, bool notify)
    {
        var completed = await db.PatientModules.AnyAsync(m => m.PatientId == patientId && m.Week == scheduled.Week && m.CompletedAt != null);
        if (completed)
            return "module already completed";
        return await RemindAsync(scheduled, userId, email, notify, $"Week {scheduled.Week} is waiting for you",
            $"Your CbtProgram session for week {scheduled.Week} is still there, and your place is saved. Even ten minutes helps.", $"/patient/modules/{scheduled.Week}");
    }

    private async Task<string> FollowUpReminderAsync(ScheduledEvent scheduled, Guid patientId, string userId, string email, bool notify)
    {
        if ((await assessments.MissingAsync(patientId, AssessmentPoints.FollowUp, 0)).Count == 0)
            return "follow-up already answered";
        return await RemindAsync(scheduled, userId, email, notify, "Your follow-up questionnaires are still open",
            "Your CbtProgram follow-up is still open. It takes about 10 minutes.", "/patient");
    }

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

    private async Task<string> RemindAsync(ScheduledEvent scheduled, string userId, string email, bool notify, string subject, string text, string link)
    {
        if (!notify)
            return "too late to remind";
        await NotifyAsync(scheduled, userId, email, subject, text, link);
        return "patient reminded";
    }

    /// <summary>An in-app notice and an email that say only that something is ready, with a link; keyed by the event.</summary>
    private async Task NotifyAsync(ScheduledEvent scheduled, string userId, string email, string subject, string text, string link)
    {
        var key = $"event:{scheduled.Id}:patient";
        if (!await db.Notices.AnyAsync(n => n.Key == key))
            db.Notices.Add(new Notice(key, userId, subject, link, clock.GetUtcNow()));
        if (email.Length > 0)
            await outbox.EnqueueAsync($"{key}:email", email, subject, $"{text}\n\nSign in to CbtProgram to continue: {mail.Link(link)}\n", deliverNow: false);
    }
}
