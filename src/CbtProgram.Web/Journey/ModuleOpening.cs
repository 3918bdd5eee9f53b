using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
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

    /// <summary>
    /// Opens weeks for many patients in the caller's unit of work (a dispatch batch, under its enrolments' locks): the
    /// modules already open are read in one query, each week's published version once; the caller saves.
    /// </summary>
    public async Task OpenManyAsync(IReadOnlyCollection<(Guid PatientId, int Week)> wanted)
    {
        if (wanted.Count == 0)
            return;
        var patientIds = wanted.Select(w => w.PatientId).Distinct().ToList();
        var weeks = wanted.Select(w => w.Week).Distinct().ToList();
        var open = (await db.PatientModules.AsNoTracking().Where(m => patientIds.Contains(m.PatientId) && weeks.Contains(m.Week))
            .Select(m => new { m.PatientId, m.Week }).ToListAsync()).Select(m => (m.PatientId, m.Week)).ToHashSet();
        var versions = (await db.ModuleVersions.AsNoTracking().Where(v => weeks.Contains(v.Week) && v.Status == ModuleVersionStatus.Published)
            .Select(v => new { v.Week, v.Number, v.Id }).ToListAsync())
            .GroupBy(v => v.Week).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!.Id);
        foreach (var (patientId, week) in wanted.Distinct())
        {
            if (!open.Add((patientId, week)))
                continue;
            if (!versions.TryGetValue(week, out var versionId))
                throw new InvalidOperationException($"Week {week} has no published module.");
            db.PatientModules.Add(new PatientModule(patientId, week, versionId, clock.GetUtcNow()));
        }
    }
}
