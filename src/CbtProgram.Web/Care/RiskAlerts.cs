using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public sealed record OpenAlert(Guid AlertId, Guid PatientId, string PatientName, DateTimeOffset RaisedAt, bool Acknowledged);

/// <summary>
/// The risk-alert workflow: the assigned therapist acknowledges an alert and resolves it with a note; every step is
/// time-stamped and audited. Alerts nobody acknowledges within the configured working hours escalate to the admins.
/// </summary>
public sealed class RiskAlerts(AppDbContext db, AuditLog audit, Outbox outbox, MailOptions mail, ProgramCatalog program, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>Open alerts of the therapist's patients, unacknowledged first (what the banner on every page shows).</summary>
    public Task<List<OpenAlert>> OpenForTherapistAsync(string therapistId) =>
        (from alert in db.RiskAlerts
         join patient in db.Patients on alert.PatientId equals patient.Id
         join user in db.Users on patient.UserId equals user.Id
         where alert.ResolvedAt == null && patient.AssignedTherapistId == therapistId
         orderby alert.AcknowledgedAt != null, alert.RaisedAt
         select new OpenAlert(alert.Id, patient.Id, user.DisplayName, alert.RaisedAt, alert.AcknowledgedAt != null)).AsNoTracking().ToListAsync();

    public Task<List<RiskAlert>> ForPatientAsync(Guid patientId) =>
        db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patientId).OrderByDescending(a => a.RaisedAt).ToListAsync();

    /// <summary>Acknowledges an alert of this patient; returns a problem or null.</summary>
    public async Task<string?> AcknowledgeAsync(Guid patientId, Guid alertId, string userId)
    {
        var alert = await db.RiskAlerts.FirstOrDefaultAsync(a => a.Id == alertId && a.PatientId == patientId);
        if (alert is null)
            return "That alert was not found for this patient.";
        if (alert.IsAcknowledged)
            return null;
        alert.Acknowledge(userId, clock.GetUtcNow());
        audit.Record(userId, patientId, "acknowledged risk alert", alert.Id.ToString());
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>Resolves an alert with the clinician's note (required); returns a problem or null.</summary>
    public async Task<string?> ResolveAsync(Guid patientId, Guid alertId, string userId, string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
            return "Write a note saying what you did, such as the call you made and what was agreed.";
        if (note.Trim().Length > ClinicalNote.MaxLength)
            return $"Keep the note under {ClinicalNote.MaxLength} characters.";
        var alert = await db.RiskAlerts.FirstOrDefaultAsync(a => a.Id == alertId && a.PatientId == patientId);
        if (alert is null)
            return "That alert was not found for this patient.";
        if (!alert.IsOpen)
            return "This alert is already resolved.";
        alert.Resolve(userId, note, clock.GetUtcNow());
        audit.Record(userId, patientId, "resolved risk alert", alert.Id.ToString());
        await db.SaveChangesAsync();
        return null;
    }

    public WorkingHours ClinicHours()
    {
        var zoneId = configuration.GetValue("Clinic:TimeZone", "Europe/London")!;
        var zone = Domain.Scheduling.SessionSchedule.TryFindZone(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        return new WorkingHours(zone,
            TimeOnly.Parse(configuration.GetValue("Clinic:WorkingDayStarts", "09:00")!, System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(configuration.GetValue("Clinic:WorkingDayEnds", "17:00")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Emails every admin about each alert still unacknowledged after the configured working hours, exactly once: the
    /// alert row is locked and marked in the same transaction as the emails are queued under unique keys.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken cancellationToken = default)
    {
        var (definition, _) = await program.GetAsync();
        var within = TimeSpan.FromHours(definition.Risk.AlertEscalationWorkingHours);
        var hours = ClinicHours();
        var now = clock.GetUtcNow();
        // Working hours never pass faster than real hours, so only alerts at least that old can be due.
        var raisedBefore = now - within;
        var candidates = await db.RiskAlerts.AsNoTracking()
            .Where(a => a.AcknowledgedAt == null && a.ResolvedAt == null && a.EscalatedAt == null && a.RaisedAt <= raisedBefore)
            .Select(a => new { a.Id, a.RaisedAt }).ToListAsync(cancellationToken);
        var admins = await (from user in db.Users
                            join link in db.UserRoles on user.Id equals link.UserId
                            join role in db.Roles on link.RoleId equals role.Id
                            where role.Name == Roles.Admin && user.Email != null
                            select new { user.Id, user.Email }).ToListAsync(cancellationToken);
        var escalated = 0;
        foreach (var candidate in candidates.Where(c => hours.Add(c.RaisedAt, within) <= now))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var alert = await db.RiskAlerts.FromSql($"""SELECT * FROM risk_alerts WHERE "Id" = {candidate.Id} FOR UPDATE SKIP LOCKED""")
                .SingleOrDefaultAsync(cancellationToken);
            if (alert is null || alert.EscalatedAt is not null || alert.IsAcknowledged || !alert.IsOpen)
                continue;
            alert.Escalated(now);
            foreach (var admin in admins)
                await outbox.EnqueueAsync($"risk-alert:{alert.Id}:escalation:{admin.Id}", admin.Email!, "CbtProgram: a risk alert has not been acknowledged",
                    $"A risk alert raised {alert.RaisedAt:d MMMM HH:mm} UTC has not been acknowledged within {definition.Risk.AlertEscalationWorkingHours} working hours.\n\n" +
                    $"Please sign in to CbtProgram to make sure someone follows it up: {mail.Link($"/therapist/patients/{alert.PatientId}")}\n", deliverNow: false);
            audit.Record("system", alert.PatientId, "escalated risk alert to admins", alert.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            escalated++;
        }
        if (escalated > 0)
            outbox.TriggerDelivery();
        return escalated;
    }
}
