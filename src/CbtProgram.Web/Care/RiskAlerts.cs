using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public sealed record OpenAlert(Guid AlertId, Guid PatientId, string PatientName, DateTimeOffset RaisedAt, bool Acknowledged);

/// <summary>
/// The risk-alert workflow: the owner (the assigned therapist, or a clinical lead) acknowledges an alert and resolves
/// it with a note; every step is time-stamped and audited. Escalation is <see cref="Safety.Escalations"/>.
/// </summary>
public sealed class RiskAlerts(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    // The reads every staff page makes (the banner) and every record view makes: compiled once (EF otherwise rebuilds,
    // walks and hashes each query's expression tree on every call to find its SQL), or plain SQL.

    /// <summary>
    /// The banner's alerts for a therapist (<c>$1</c>): the open alerts of their patients, unacknowledged first, then oldest
    /// first. SQL, so the record Overview can read it in its own batch (<see cref="RecordReads"/>) and the layout reads none.
    /// </summary>
    internal const string OpenOfTherapistSql = """
        SELECT a."Id", p."Id", u."DisplayName", a."RaisedAt", a."AcknowledgedAt" IS NOT NULL
        FROM risk_alerts a JOIN patients p ON p."Id" = a."PatientId" JOIN "AspNetUsers" u ON u."Id" = p."UserId"
        WHERE a."ResolvedAt" IS NULL AND p."AssignedTherapistId" = $1
        ORDER BY a."AcknowledgedAt" IS NOT NULL, a."RaisedAt"
        """;

    internal static OpenAlert ReadOpenAlert(System.Data.Common.DbDataReader row) =>
        new(row.GetGuid(0), row.GetGuid(1), row.GetString(2), row.GetFieldValue<DateTimeOffset>(3), row.GetBoolean(4));

    private static readonly Func<AppDbContext, IAsyncEnumerable<OpenAlert>> OpenOfLeads = EF.CompileAsyncQuery(
        (AppDbContext db) =>
            from alert in db.RiskAlerts.AsNoTracking()
            join patient in db.Patients on alert.PatientId equals patient.Id
            join user in db.Users on patient.UserId equals user.Id
            where alert.ResolvedAt == null && patient.AssignedTherapistId == null
            orderby alert.AcknowledgedAt != null, alert.RaisedAt
            select new OpenAlert(alert.Id, patient.Id, user.DisplayName, alert.RaisedAt, alert.AcknowledgedAt != null));

    /// <summary>Open alerts of the therapist's patients, unacknowledged first (what the banner on every page shows).</summary>
    public async Task<List<OpenAlert>> OpenForTherapistAsync(string therapistId)
    {
        await using var results = await new SqlBatch().Add(OpenOfTherapistSql, therapistId).ExecuteAsync(db);
        return await results.ReadAsync(ReadOpenAlert);
    }

    /// <summary>Open alerts the clinical leads own (their patients have no therapist), for the banner on a lead's pages.</summary>
    public Task<List<OpenAlert>> OpenForLeadsAsync() => OpenOfLeads(db).ToListAsync().AsTask();

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
}
