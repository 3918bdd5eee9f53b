using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// Opens a week's module for a patient, pinned to the version published at that moment. Opening the same week
/// again changes nothing, so a later publish never alters a module the patient has already started.
/// </summary>
public sealed class ModuleOpening(AppDbContext db, CurriculumCatalog catalog, TimeProvider clock)
{
    public async Task<PatientModule> OpenAsync(Guid patientId, int week)
    {
        var existing = await db.PatientModules.FirstOrDefaultAsync(m => m.PatientId == patientId && m.Week == week);
        if (existing is not null)
            return existing;
        var version = await catalog.CurrentVersionAsync(week)
            ?? throw new InvalidOperationException($"Week {week} has no published module.");
        var opened = new PatientModule(patientId, week, version.Id, clock.GetUtcNow());
        db.PatientModules.Add(opened);
        try
        {
            await db.SaveChangesAsync();
            return opened;
        }
        catch (DbUpdateException)
        {
            // Opened at the same moment by another job or node: theirs stands.
            db.ChangeTracker.Clear();
            return await db.PatientModules.SingleAsync(m => m.PatientId == patientId && m.Week == week);
        }
    }
}
