using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>
/// Brings the files in curriculum/ into the database: on first start as the first published version; after
/// that only when an admin imports them, as drafts. A broken file never replaces anything: the site keeps
/// the last good version and tells admins why.
/// </summary>
public sealed class CurriculumLoader(
    AppDbContext db, CurriculumCatalog catalog, ProgramCatalog program, CurriculumFileStatus status, IConfiguration configuration,
    IWebHostEnvironment environment, TimeProvider clock, ILogger<CurriculumLoader> logger)
{
    // Any fixed number: serialises first loads when several nodes start on an empty database together.
    private const long FirstLoadLock = 0x_C87_C0DE;

    public string Folder => CurriculumFolder.Resolve(configuration, environment.ContentRootPath);

    public async Task LoadAtStartupAsync()
    {
        var read = CurriculumFolderReader.Read(Folder);
        if (read.Problems.Count > 0)
            logger.LogWarning("The curriculum files in {Folder} have {Count} problems; the site keeps the published version", Folder, read.Problems.Count);

        if (read.IsValid)
            await PublishFirstVersionIfEmptyAsync(read.Snapshot!);
        await RecordStatusAsync(read);
    }

    /// <summary>Imports every module whose file differs from its published version as a draft (and the program and measures as they are).</summary>
    public async Task<ImportResult> ImportChangedAsDraftsAsync(string author)
    {
        var read = CurriculumFolderReader.Read(Folder);
        if (!read.IsValid)
        {
            await RecordStatusAsync(read);
            return new ImportResult([], [], read.Problems.Count);
        }
        var now = clock.GetUtcNow();
        var imported = new List<int>();
        var skipped = new List<int>();
        var current = (await catalog.CurrentVersionsAsync()).ToDictionary(v => v.Week);
        foreach (var module in read.Snapshot!.Modules.Where(m => !current.TryGetValue(m.Week, out var v) || !SameContent(v.Content, m)))
        {
            if (await db.ModuleVersions.AnyAsync(v => v.Week == module.Week && v.Status == ModuleVersionStatus.Draft))
            {
                skipped.Add(module.Week);
                continue;
            }
            db.ModuleVersions.Add(ModuleVersion.Draft(module, current.GetValueOrDefault(module.Week)?.Number, author, now));
            imported.Add(module.Week);
        }
        await StoreDocumentsAsync(read.Snapshot, now);
        await db.SaveChangesAsync();
        program.Invalidate();
        await RecordStatusAsync(read);
        return new ImportResult(imported, skipped, 0);
    }

    public sealed record ImportResult(IReadOnlyList<int> ImportedWeeks, IReadOnlyList<int> WeeksWithDrafts, int Problems);

    private async Task PublishFirstVersionIfEmptyAsync(CurriculumSnapshot snapshot)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstLoadLock})");
        if (await db.ModuleVersions.AnyAsync())
            return;
        var now = clock.GetUtcNow();
        foreach (var module in snapshot.Modules)
            db.ModuleVersions.Add(ModuleVersion.PublishedFromFiles(module, 1, "First version, loaded from the curriculum files", now));
        await StoreDocumentsAsync(snapshot, now);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        logger.LogInformation("Published the curriculum files as version 1 ({Count} modules)", snapshot.Modules.Count);
    }

    private async Task StoreDocumentsAsync(CurriculumSnapshot snapshot, DateTimeOffset now)
    {
        var files = snapshot.Measures.Select(m => ($"{snapshot.Program.MeasuresFolder}/{m.FileName}", m.Yaml))
            .Prepend((CurriculumFolderReader.ProgramFile, snapshot.ProgramYaml));
        var stored = await db.CurriculumDocuments.ToDictionaryAsync(d => d.Path);
        foreach (var (path, content) in files)
        {
            if (stored.TryGetValue(path, out var document))
                document.Replace(content, now);
            else
                db.CurriculumDocuments.Add(new CurriculumDocument(path, content, now));
        }
    }

    private async Task RecordStatusAsync(CurriculumReadResult read)
    {
        var changed = new List<int>();
        if (read.IsValid)
        {
            var current = (await catalog.CurrentVersionsAsync()).ToDictionary(v => v.Week);
            changed = read.Snapshot!.Modules.Where(m => !current.TryGetValue(m.Week, out var v) || !SameContent(v.Content, m))
                .Select(m => m.Week).ToList();
        }
        status.Record(Folder, read.Problems, changed, clock.GetUtcNow());
    }

    private static bool SameContent(ModuleDefinition a, ModuleDefinition b) =>
        ModuleFileWriter.Write(a) == ModuleFileWriter.Write(b);
}
