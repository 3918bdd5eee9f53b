using System.Collections.Concurrent;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>
/// The content of published module versions, read from the database once per process and then kept in memory. A
/// published version never changes (an edit makes a new version), so there is nothing to refresh; drafts are never kept.
/// </summary>
public sealed class PublishedModules
{
    private readonly ConcurrentDictionary<Guid, ModuleDefinition> _contents = new();

    public async Task<ModuleDefinition> ContentAsync(AppDbContext db, Guid versionId)
    {
        if (_contents.TryGetValue(versionId, out var known))
            return known;
        var version = await db.ModuleVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => new { v.Status, v.Content }).SingleAsync();
        if (version.Status == ModuleVersionStatus.Published)
            _contents.TryAdd(versionId, version.Content);
        return version.Content;
    }
}
