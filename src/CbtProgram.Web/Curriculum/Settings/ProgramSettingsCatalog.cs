using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Settings;

/// <summary>The program settings versions as admins read them: the live one, the draft, the history.</summary>
public sealed class ProgramSettingsCatalog(AppDbContext db)
{
    /// <summary>The live (highest-numbered published) version.</summary>
    public Task<ProgramSettingsVersion?> LiveAsync() =>
        db.ProgramSettingsVersions.AsNoTracking()
            .Where(v => v.Status == ProgramSettingsStatus.Published)
            .OrderByDescending(v => v.Number)
            .FirstOrDefaultAsync();

    public Task<ProgramSettingsVersion?> DraftAsync() =>
        db.ProgramSettingsVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Status == ProgramSettingsStatus.Draft);

    public Task<ProgramSettingsVersion?> VersionAsync(int number) =>
        db.ProgramSettingsVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == number);

    public async Task<IReadOnlyList<ProgramSettingsVersion>> HistoryAsync() =>
        await db.ProgramSettingsVersions.AsNoTracking()
            .Where(v => v.Status == ProgramSettingsStatus.Published)
            .OrderByDescending(v => v.Number)
            .ToListAsync();

    /// <summary>The files the site runs on now (the live version's), by path.</summary>
    public async Task<IReadOnlyList<SettingsFile>> LiveFilesAsync() =>
        (await db.CurriculumDocuments.AsNoTracking().ToListAsync())
            .Select(d => new SettingsFile(d.Path, d.Content))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
}
