using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>The published curriculum as the rest of the site reads it.</summary>
public sealed class CurriculumCatalog(AppDbContext db)
{
    /// <summary>The current (highest-numbered) published version of every week.</summary>
    public async Task<IReadOnlyList<ModuleVersion>> CurrentVersionsAsync()
    {
        var versions = await db.ModuleVersions.AsNoTracking()
            .Where(v => v.Status == ModuleVersionStatus.Published
                && v.Number == db.ModuleVersions.Where(o => o.Week == v.Week && o.Status == ModuleVersionStatus.Published).Max(o => o.Number))
            .ToListAsync();
        return versions.OrderBy(v => v.Week).ToList();
    }

    public Task<ModuleVersion?> CurrentVersionAsync(int week) =>
        db.ModuleVersions.AsNoTracking()
            .Where(v => v.Week == week && v.Status == ModuleVersionStatus.Published)
            .OrderByDescending(v => v.Number)
            .FirstOrDefaultAsync();

    public Task<ModuleVersion?> VersionAsync(int week, int number) =>
        db.ModuleVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Week == week && v.Number == number);

    public Task<ModuleVersion?> DraftAsync(int week) =>
        db.ModuleVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Week == week && v.Status == ModuleVersionStatus.Draft);

    public async Task<IReadOnlySet<int>> DraftWeeksAsync() =>
        (await db.ModuleVersions.Where(v => v.Status == ModuleVersionStatus.Draft).Select(v => v.Week).ToListAsync()).ToHashSet();

    public async Task<IReadOnlyList<ModuleVersion>> HistoryAsync(int week) =>
        await db.ModuleVersions.AsNoTracking()
            .Where(v => v.Week == week && v.Status == ModuleVersionStatus.Published)
            .OrderByDescending(v => v.Number)
            .ToListAsync();
}
