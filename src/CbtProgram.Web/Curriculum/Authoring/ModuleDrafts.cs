using CbtProgram.Web.Curriculum.Audio;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Authoring;

/// <summary>
/// Program admins' drafts: start one from the current version, save it, publish it as the next version, discard
/// it, or restore an older version as a new draft. A save or publish names the revision it was made from; if
/// someone else saved in between, it is refused rather than silently overwriting their work.
/// </summary>
public sealed class ModuleDrafts(AppDbContext db, CurriculumCatalog catalog, RecordingFolder recordings, TimeProvider clock)
{
    public abstract record Outcome;
    public sealed record Done(ModuleVersion Version) : Outcome;
    public sealed record Conflict(string SavedBy, DateTimeOffset SavedAt) : Outcome;
    public sealed record Invalid(IReadOnlyList<ModuleProblem> Problems) : Outcome;
    public sealed record Refused(string Reason) : Outcome;

    public async Task<Outcome> StartAsync(int week, string author)
    {
        var existing = await catalog.DraftAsync(week);
        if (existing is not null)
            return new Done(existing);
        var current = await catalog.CurrentVersionAsync(week);
        if (current is null)
            return new Refused($"Week {week} has no published module to start from.");
        return await AddDraftAsync(ModuleVersion.Draft(current.Content, current.Number, author, clock.GetUtcNow()));
    }

    public async Task<Outcome> RestoreAsync(int week, int number, string author)
    {
        if (await catalog.DraftAsync(week) is not null)
            return new Refused($"Week {week} already has a draft. Publish or discard it before restoring version {number}.");
        var version = await catalog.VersionAsync(week, number);
        if (version is null)
            return new Refused($"Week {week} has no version {number}.");
        return await AddDraftAsync(ModuleVersion.Draft(version.Content, version.Number, author, clock.GetUtcNow()));
    }

    public async Task<Outcome> SaveAsync(int week, int revision, ModuleDefinition content, string author)
    {
        var draft = await db.ModuleVersions.FirstOrDefaultAsync(v => v.Week == week && v.Status == ModuleVersionStatus.Draft);
        if (draft is null)
            return new Refused($"Week {week} has no draft any more: someone may have published or discarded it.");
        if (draft.Revision != revision)
            return new Conflict(draft.UpdatedBy, draft.UpdatedAt);
        draft.Edit(content, author, clock.GetUtcNow());
        return await SaveChangesAsync(draft);
    }

    public async Task<Outcome> PublishAsync(int week, int revision, string changeNote, string author)
    {
        var draft = await db.ModuleVersions.FirstOrDefaultAsync(v => v.Week == week && v.Status == ModuleVersionStatus.Draft);
        if (draft is null)
            return new Refused($"Week {week} has no draft to publish.");
        if (draft.Revision != revision)
            return new Conflict(draft.UpdatedBy, draft.UpdatedAt);
        if (string.IsNullOrWhiteSpace(changeNote))
            return new Invalid([new ModuleProblem("changeNote", "Say in a few words what changed, for the version history.")]);
        // A published module's recordings must be there to play: the same check as the files get.
        var problems = ModuleRules.Check(draft.Content).Concat(RecordingRules.Check(draft.Content, recordings.Probe)).ToList();
        if (problems.Count > 0)
            return new Invalid(problems);
        var next = (await db.ModuleVersions.Where(v => v.Week == week && v.Number != null).MaxAsync(v => v.Number) ?? 0) + 1;
        draft.Publish(next, changeNote, author, clock.GetUtcNow());
        return await SaveChangesAsync(draft);
    }

    public async Task<Outcome> DiscardAsync(int week, int revision)
    {
        var draft = await db.ModuleVersions.FirstOrDefaultAsync(v => v.Week == week && v.Status == ModuleVersionStatus.Draft);
        if (draft is null)
            return new Refused($"Week {week} has no draft.");
        if (draft.Revision != revision)
            return new Conflict(draft.UpdatedBy, draft.UpdatedAt);
        db.ModuleVersions.Remove(draft);
        return await SaveChangesAsync(draft);
    }

    private async Task<Outcome> AddDraftAsync(ModuleVersion draft)
    {
        db.ModuleVersions.Add(draft);
        try
        {
            await db.SaveChangesAsync();
            return new Done(draft);
        }
        catch (DbUpdateException)
        {
            // Another admin started a draft of the same week at the same moment: use theirs.
            db.ChangeTracker.Clear();
            var theirs = await catalog.DraftAsync(draft.Week);
            return theirs is null ? new Refused("The draft could not be started; try again.") : new Done(theirs);
        }
    }

    private async Task<Outcome> SaveChangesAsync(ModuleVersion draft)
    {
        try
        {
            await db.SaveChangesAsync();
            return new Done(draft);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await catalog.DraftAsync(draft.Week);
            return current is null
                ? new Refused("Someone else published or discarded this draft while you were editing it.")
                : new Conflict(current.UpdatedBy, current.UpdatedAt);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new Refused("Someone else published this week at the same moment. Reload to see the latest version.");
        }
    }
}
