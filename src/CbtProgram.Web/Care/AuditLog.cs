using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Audit;

namespace CbtProgram.Web.Care;

/// <summary>Records who viewed or changed which patient's record. Entries are saved with the change they describe.</summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    /// <summary>Adds an entry to the unit of work; the caller's SaveChanges stores it with the change itself.</summary>
    public void Record(string actorId, Guid? patientId, string action, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry(actorId, patientId, action, detail, clock.GetUtcNow()));

    /// <summary>Records and saves at once, for reads (a viewed record) that change nothing else.</summary>
    public async Task RecordNowAsync(string actorId, Guid? patientId, string action, string? detail = null)
    {
        Record(actorId, patientId, action, detail);
        await db.SaveChangesAsync();
    }
}
