using CbtProgram.Web.Care;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Safety;

/// <summary>
/// Climbs each open alert's escalation ladder (<see cref="EscalationLadder"/>, program.yaml's risk settings, the clinic's
/// working hours and holidays). Each step happens once: the alert's row is locked, the step recorded, its emails queued
/// under unique keys and an audit entry written, all in one transaction. Queuing is not hearing: when the clinical
/// leads' step reached nobody (no lead to tell, or every email to a lead was dead-lettered), the admins are told at the
/// next run instead of hours later, and their email says why. An email that is only delayed (the mail server down) is
/// still on its way and changes nothing.
/// </summary>
public sealed class Escalations(AppDbContext db, ClinicHours clinic, StaffRecipients recipients, AuditLog audit, Outbox outbox, MailOptions mail, ProgramCatalog program, TimeProvider clock)
{
    public async Task<int> EscalateAsync(CancellationToken cancellationToken = default)
    {
        var settings = (await program.GetAsync()).Program.Risk.Escalation();
        var now = clock.GetUtcNow();
        var raisedBefore = now - EscalationLadder.Shortest(settings);
        var candidates = await db.RiskAlerts.AsNoTracking()
            .Where(a => a.ResolvedAt == null && a.RaisedAt <= raisedBefore)
            .ToListAsync(cancellationToken);
        var taken = 0;
        foreach (var candidate in candidates)
        {
            var leadsUnheard = await LeadsUnheardAsync(candidate, cancellationToken);
            if (EscalationLadder.Due(candidate, settings, clinic.Hours, now, leadsUnheard).Count == 0)
                continue;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var alert = await db.RiskAlerts.FromSql($"""SELECT * FROM risk_alerts WHERE "Id" = {candidate.Id} FOR UPDATE SKIP LOCKED""")
                .SingleOrDefaultAsync(cancellationToken);
            if (alert is null)
                continue; // another node has it now
            foreach (var step in EscalationLadder.Due(alert, settings, clinic.Hours, now, leadsUnheard))
            {
                if (!alert.Escalate(step, now))
                    continue;
                var early = step == EscalationStep.Admins && leadsUnheard;
                var told = await TellAsync(alert, step, settings, early, cancellationToken);
                audit.Record("system", alert.PatientId, Describe(step), $"{alert.Id}; {told} told{(early ? "; the clinical leads could not be reached" : "")}");
                taken++;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        if (taken > 0)
            outbox.TriggerDelivery();
        return taken;
    }

    /// <summary>
    /// The leads' step was taken and no email of it is sent or still on its way: there was nobody to tell, or every one
    /// was dead-lettered. Read by the step's key prefix (an index of its own serves exactly these keys).
    /// </summary>
    private async Task<bool> LeadsUnheardAsync(RiskAlert alert, CancellationToken cancellationToken)
    {
        if (alert.TakenAt(EscalationStep.ClinicalLeads) is null || alert.TakenAt(EscalationStep.Admins) is not null || alert.IsAcknowledged)
            return false;
        var keys = $"{KeyPrefix(alert.Id, EscalationStep.ClinicalLeads)}%";
        var reachable = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM outbox_messages
            WHERE "Key" LIKE 'risk-alert:%' AND "Key" LIKE {keys} AND "DeadLetteredAt" IS NULL
            """).SingleAsync(cancellationToken);
        return reachable == 0;
    }

    public static string KeyPrefix(Guid alertId, EscalationStep step) => $"risk-alert:{alertId}:{step}:";

    private static string Describe(EscalationStep step) => step switch
    {
        EscalationStep.ClinicalLeads => "escalated risk alert to the clinical leads",
        EscalationStep.Admins => "escalated risk alert to the admins",
        _ => "reminded of an unresolved risk alert",
    };

    private async Task<int> TellAsync(RiskAlert alert, EscalationStep step, EscalationSettings settings, bool leadsUnreachable, CancellationToken cancellationToken)
    {
        var people = step switch
        {
            EscalationStep.ClinicalLeads => await recipients.InRoleAsync(Roles.ClinicalLead, cancellationToken),
            EscalationStep.Admins => await recipients.InRoleAsync(Roles.Admin, cancellationToken),
            _ => (await recipients.OwnersAsync(alert.TherapistId, cancellationToken))
                .Concat(await recipients.InRoleAsync(Roles.ClinicalLead, cancellationToken)).DistinctBy(r => r.UserId).ToList(),
        };
        var (subject, text) = step switch
        {
            EscalationStep.UnresolvedReminder => ("CbtProgram: a risk alert is still open",
                $"A risk alert acknowledged {alert.AcknowledgedAt:d MMMM HH:mm} UTC has not been resolved after {settings.UnresolvedAfterWorkingDays} working day{(settings.UnresolvedAfterWorkingDays == 1 ? "" : "s")}.\n\n" +
                "Please sign in to CbtProgram to follow it up and resolve it with a note of what was done"),
            _ when leadsUnreachable => ("CbtProgram: a risk alert has not been acknowledged",
                $"A risk alert raised {alert.RaisedAt:d MMMM HH:mm} UTC has not been acknowledged within {settings.ToLeadsAfter.TotalHours:0} working hours, " +
                "and the clinical leads could not be told: there is no clinical lead, or the email to them could not be delivered.\n\n" +
                "Please sign in to CbtProgram to make sure someone follows it up"),
            _ => ("CbtProgram: a risk alert has not been acknowledged",
                $"A risk alert raised {alert.RaisedAt:d MMMM HH:mm} UTC has not been acknowledged within {(step == EscalationStep.ClinicalLeads ? settings.ToLeadsAfter : settings.ToAdminsAfter).TotalHours:0} working hours.\n\n" +
                "Please sign in to CbtProgram to make sure someone follows it up"),
        };
        foreach (var person in people)
            await outbox.EnqueueAsync($"{KeyPrefix(alert.Id, step)}{person.UserId}", person.Email, subject,
                $"{text}: {mail.Link($"/therapist/patients/{alert.PatientId}")}\n", deliverNow: false);
        return people.Count;
    }
}
