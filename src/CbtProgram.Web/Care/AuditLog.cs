using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Audit;

namespace CbtProgram.Web.Care;

/// <summary>
/// Records who viewed or changed which patient's record (and the site's security events), with the address and browser
/// of the request that did it (none for background jobs). Entries are saved with the change they describe; the
/// database numbers and hash-chains them and refuses to change or delete them (see Audit/AuditChain).
/// </summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock, IHttpContextAccessor requests)
{
    /// <summary>Adds an entry to the unit of work; the caller's SaveChanges stores it with the change itself.</summary>
    public void Record(string actorId, Guid? patientId, string action, string? detail = null) =>
        db.AuditEntries.Add(Entry(actorId, patientId, action, detail));

    /// <summary>Records and saves at once, for reads (a viewed record) that change nothing else.</summary>
    public async Task RecordNowAsync(string actorId, Guid? patientId, string action, string? detail = null)
    {
        Record(actorId, patientId, action, detail);
        await db.SaveChangesAsync();
    }

    /// <summary>An entry of the current request, not yet stored: for a read that sends it in its own batch (<see cref="AddTo"/>).</summary>
    public AuditEntry Entry(string actorId, Guid? patientId, string action, string? detail = null)
    {
        var request = requests.HttpContext;
        return new AuditEntry(actorId, patientId, action, detail, clock.GetUtcNow(),
            request?.Connection.RemoteIpAddress?.ToString(), request?.Request.Headers.UserAgent.ToString());
    }

    /// <summary>
    /// Adds the entry's insert to a batch of reads (a page that writes nothing else pays no round trip of its own for
    /// it), before them, so the batch's one implicit transaction stores the entry with what the page read or neither.
    /// The columns are every one the site writes; the database seals the entry (Sequence, Hash) as for any other.
    /// </summary>
    public static SqlBatch AddTo(SqlBatch batch, AuditEntry entry) => batch.Add("""
        INSERT INTO audit_entries ("Id", "At", "ActorId", "PatientId", "Action", "Detail", "IpAddress", "UserAgent")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """, entry.Id, entry.At, entry.ActorId, (object?)entry.PatientId ?? DBNull.Value, entry.Action, (object?)entry.Detail ?? DBNull.Value,
        (object?)entry.IpAddress ?? DBNull.Value, (object?)entry.UserAgent ?? DBNull.Value);
}
