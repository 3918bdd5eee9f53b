using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>
/// Brings the files in curriculum/ into the database: on first start as the first published version; after
/// that only when an admin imports them, as drafts (module drafts, and one draft of the program settings). Nothing
/// here changes what is live after the first start. A broken file never replaces anything: the site keeps
/// the last good version and tells admins why.
/// </summary>
public sealed class CurriculumLoader(
    AppDbContext db, CurriculumCatalog catalog, ProgramSettingsDrafts settingsDrafts, ProgramSettingsCatalog settings, CurriculumFileStatus status,
    IConfiguration configuration, IWebHostEnvironment environment, TimeProvider clock, ILogger<CurriculumLoader> logger)
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
        await settingsDrafts.EnsureFirstVersionAsync(read.IsValid ? read.Snapshot!.SettingsFiles() : null);
        await RecordStatusAsync(read);
    }

    /// <summary>
    /// Imports every module whose file differs from its published version as a draft, and program.yaml with the measure
    /// files, when they differ from the live settings, as one draft of the program settings. Files with any problem
    /// (the safety rules too) import nothing.
    /// </summary>
    public async Task<ImportResult> ImportChangedAsDraftsAsync(string author)
    {
        var read = CurriculumFolderReader.Read(Folder);
        if (!read.IsValid)
        {
            await RecordStatusAsync(read);
            return new ImportResult([], [], ProgramSettingsDrafts.Imported.Unchanged, read.Problems.Count);
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
        await db.SaveChangesAsync();
        var programSettings = await settingsDrafts.ImportAsync(read.Snapshot.SettingsFiles(), author);
        await RecordStatusAsync(read);
        return new ImportResult(imported, skipped, programSettings, 0);
    }

    public sealed record ImportResult(
        IReadOnlyList<int> ImportedWeeks, IReadOnlyList<int> WeeksWithDrafts, ProgramSettingsDrafts.Imported ProgramSettings, int Problems);

    private async Task PublishFirstVersionIfEmptyAsync(CurriculumSnapshot snapshot)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstLoadLock})");
        if (await db.ModuleVersions.AnyAsync())
            return;
        var now = clock.GetUtcNow();
        foreach (var module in snapshot.Modules)
            db.ModuleVersions.Add(ModuleVersion.PublishedFromFiles(module, 1, "First version, loaded from the curriculum files", now));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        logger.LogInformation("Published the curriculum files as version 1 ({Count} modules)", snapshot.Modules.Count);
    }

    private async Task RecordStatusAsync(CurriculumReadResult read)
    {
        var changed = new List<int>();
        var settingsChanged = false;
        if (read.IsValid)
        {
            var current = (await catalog.CurrentVersionsAsync()).ToDictionary(v => v.Week);
            changed = read.Snapshot!.Modules.Where(m => !current.TryGetValue(m.Week, out var v) || !SameContent(v.Content, m))
                .Select(m => m.Week).ToList();
            // Files already waiting as the draft are not offered for import again.
            var files = read.Snapshot.SettingsFiles();
            settingsChanged = !(await settings.LiveFilesAsync()).SequenceEqual(files.OrderBy(f => f.Path, StringComparer.Ordinal))
                && !((await settings.DraftAsync())?.HasFiles(files) ?? false);
        }
        status.Record(Folder, read.Problems, changed, settingsChanged, clock.GetUtcNow());
    }

    private static bool SameContent(ModuleDefinition a, ModuleDefinition b) =>
        ModuleFileWriter.Write(a) == ModuleFileWriter.Write(b);
}
