using CbtProgram.Web.Care;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Settings;

/// <summary>
/// The only way the live program settings (program.yaml and the measures) change. Version 1 comes from the files at the
/// first start; after that, changed files become a draft, and an admin publishes it with a change note, after the full
/// checks and the <see cref="Definitions.SafetyRules"/>. Every publish is written to the audit log. A draft that fails a
/// check is refused and changes nothing.
/// </summary>
public sealed class ProgramSettingsDrafts(
    AppDbContext db, ProgramSettingsCatalog settings, CurriculumCatalog modules, ProgramCatalog program, AuditLog audit,
    TimeProvider clock, ILogger<ProgramSettingsDrafts> logger)
{
    public const string PublishedAction = "published program settings";
    public const int NoteLength = 1000;

    // Any fixed number, not the modules' one: serialises first loads when several nodes start on an empty database together.
    private const long FirstVersionLock = 0x_C87_5E77;

    public abstract record Outcome;
    public sealed record Done(ProgramSettingsVersion Version) : Outcome;
    public sealed record Conflict : Outcome;
    public sealed record NoteNeeded(string Reason) : Outcome;
    public sealed record Invalid(IReadOnlyList<CurriculumProblem> Problems) : Outcome;
    public sealed record Refused(string Reason) : Outcome;

    public enum Imported { Unchanged, Drafted, DraftWaiting }

    /// <summary>The signed-in admin who publishes: the audit log names them by id, the history by name.</summary>
    public sealed record Publisher(string UserId, string Name);

    /// <summary>
    /// At start-up, on a site with no settings version yet: version 1 from the settings it already runs on (a site from
    /// before versioning), else from the files when they are valid. Never changes a site that has a version.
    /// </summary>
    public async Task EnsureFirstVersionAsync(IReadOnlyList<SettingsFile>? validFiles)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstVersionLock})");
        if (await db.ProgramSettingsVersions.AnyAsync(v => v.Status == ProgramSettingsStatus.Published))
            return;
        var now = clock.GetUtcNow();
        var live = await settings.LiveFilesAsync();
        if (live.Count > 0)
            db.ProgramSettingsVersions.Add(ProgramSettingsVersion.First(live, "The settings in use when versioning began", now));
        else if (validFiles is not null)
        {
            db.ProgramSettingsVersions.Add(ProgramSettingsVersion.First(validFiles, "First version, loaded from the curriculum files", now));
            ReplaceLiveFiles([], validFiles, now);
        }
        else
            return;
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        program.Invalidate();
        logger.LogInformation("Published the program settings as version 1");
    }

    /// <summary>Makes files that differ from the live settings a draft; an existing draft is never overwritten.</summary>
    public async Task<Imported> ImportAsync(IReadOnlyList<SettingsFile> files, string author)
    {
        var live = await settings.LiveAsync();
        if (live is not null && live.HasFiles(files))
            return Imported.Unchanged;
        var draft = await settings.DraftAsync();
        if (draft is not null)
            return Imported.DraftWaiting;
        db.ProgramSettingsVersions.Add(ProgramSettingsVersion.Draft(files, live?.Number, author, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync();
            return Imported.Drafted;
        }
        catch (DbUpdateException)
        {
            // Another admin imported at the same moment: theirs is the draft.
            db.ChangeTracker.Clear();
            return Imported.DraftWaiting;
        }
    }

    public async Task<Outcome> PublishAsync(int revision, string? changeNote, Publisher publisher)
    {
        var draft = await db.ProgramSettingsVersions.FirstOrDefaultAsync(v => v.Status == ProgramSettingsStatus.Draft);
        if (draft is null)
            return new Refused("There is no draft of the program settings to publish: someone may have published or discarded it.");
        if (draft.Revision != revision)
            return new Conflict();
        if (string.IsNullOrWhiteSpace(changeNote))
            return new NoteNeeded("Say in a few words what changed and why, for the version history and the audit log.");
        if (changeNote.Trim().Length > NoteLength)
            return new NoteNeeded($"Keep the change note under {NoteLength} characters.");

        var published = (await modules.CurrentVersionsAsync()).Select(v => v.Content).ToList();
        var read = ProgramSettingsReader.Read(draft.Files, published);
        if (!read.IsValid)
            return new Invalid(read.Problems);

        var now = clock.GetUtcNow();
        var number = (await db.ProgramSettingsVersions.MaxAsync(v => v.Number) ?? 0) + 1;
        draft.Publish(number, changeNote, publisher.Name, now);
        ReplaceLiveFiles(await db.CurriculumDocuments.ToListAsync(), draft.Files, now);
        audit.Record(publisher.UserId, null, PublishedAction, $"version {number}: {draft.ChangeNote}");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new Conflict();
        }
        program.Invalidate();
        return new Done(draft);
    }

    public async Task<Outcome> DiscardAsync(int revision)
    {
        var draft = await db.ProgramSettingsVersions.FirstOrDefaultAsync(v => v.Status == ProgramSettingsStatus.Draft);
        if (draft is null)
            return new Refused("There is no draft of the program settings.");
        if (draft.Revision != revision)
            return new Conflict();
        db.ProgramSettingsVersions.Remove(draft);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Conflict();
        }
        return new Done(draft);
    }

    /// <summary>Makes the live copy that the site reads (<see cref="ProgramCatalog"/>) hold exactly these files.</summary>
    private void ReplaceLiveFiles(IReadOnlyList<CurriculumDocument> stored, IReadOnlyList<SettingsFile> files, DateTimeOffset now)
    {
        foreach (var gone in stored.Where(d => files.All(f => f.Path != d.Path)))
            db.CurriculumDocuments.Remove(gone);
        foreach (var file in files)
        {
            if (stored.FirstOrDefault(d => d.Path == file.Path) is { } document)
                document.Replace(file.Content, now);
            else
                db.CurriculumDocuments.Add(new CurriculumDocument(file.Path, file.Content, now));
        }
    }
}
