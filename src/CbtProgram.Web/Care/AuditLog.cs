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
    public void Record(string actorId, Guid? patientId, string action, string? detail = null)
    {
        var request = requests.HttpContext;
        db.AuditEntries.Add(new AuditEntry(actorId, patientId, action, detail, clock.GetUtcNow(),
            request?.Connection.RemoteIpAddress?.ToString(), request?.Request.Headers.UserAgent.ToString()));
    }

    /// <summary>Records and saves at once, for reads (a viewed record) that change nothing else.</summary>
    public async Task RecordNowAsync(string actorId, Guid? patientId, string action, string? detail = null)
    {
        Record(actorId, patientId, action, detail);
        await db.SaveChangesAsync();
    }
}
