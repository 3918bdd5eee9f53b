using CbtProgram.Web.Accounts;
using CbtProgram.Web.Areas.Admin.Models;
using CbtProgram.Web.Curriculum.Authoring;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Security;
using CbtProgram.Web.Accounts.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Program admins read, edit, preview, publish, compare, restore, import and export the curriculum.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/curriculum")]
public sealed class CurriculumController(
    CurriculumCatalog catalog, ModuleDrafts drafts, CurriculumLoader loader, CurriculumFileStatus fileStatus,
    CurriculumExporter exporter, ProgramSettingsCatalog settings, TimeProvider clock, Care.AuditLog audit) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var current = await catalog.CurrentVersionsAsync();
        return View(new CurriculumIndexViewModel(current, await catalog.DraftWeeksAsync(), fileStatus.Current,
            await settings.LiveAsync(), await settings.DraftAsync() is not null));
    }

    [HttpGet("weeks/{week:int}")]
    public async Task<IActionResult> Module(int week)
    {
        var current = await catalog.CurrentVersionAsync(week);
        if (current is null)
            return NotFound();
        return View(new ModuleViewModel(current, await catalog.DraftAsync(week), await catalog.HistoryAsync(week)));
    }

    [HttpGet("weeks/{week:int}/versions/{number:int}")]
    public async Task<IActionResult> Version(int week, int number)
    {
        var version = await catalog.VersionAsync(week, number);
        if (version is null)
            return NotFound();
        var previous = number > 1 ? await catalog.VersionAsync(week, number - 1) : null;
        var changes = previous is null ? [] : VersionDiff.Changes(previous.Content, version.Content);
        return View(new VersionViewModel(version, previous, changes));
    }

    [HttpPost("weeks/{week:int}/draft/start")]
    public async Task<IActionResult> StartDraft(int week) =>
        ToEditor(week, await drafts.StartAsync(week, User.DisplayName()));

    [HttpPost("weeks/{week:int}/versions/{number:int}/restore")]
    public async Task<IActionResult> Restore(int week, int number) =>
        ToEditor(week, await drafts.RestoreAsync(week, number, User.DisplayName()), $"Version {number} is now a draft. Check it, then publish it as a new version.");

    [HttpGet("weeks/{week:int}/draft")]
    public async Task<IActionResult> Draft(int week)
    {
        var draft = await catalog.DraftAsync(week);
        if (draft is null)
            return RedirectToAction(nameof(Module), new { week });
        return View("Draft", new DraftViewModel(week, draft, DraftForm.From(draft), ModuleRules.Check(draft.Content), null));
    }

    [HttpPost("weeks/{week:int}/draft")]
    public async Task<IActionResult> SaveDraft(int week, DraftForm form, string? command)
    {
        var draft = await catalog.DraftAsync(week);
        if (draft is null)
            return RedirectToAction(nameof(Module), new { week });
        if (!ModelState.IsValid)
            return View("Draft", new DraftViewModel(week, draft, form, [], "Some numbers could not be read. Nothing was saved: check the fields marked below."));

        var focus = DraftCommand.Apply(command, form);
        form.KeepComponentOrderOf(draft.Content.Components);
        var outcome = await drafts.SaveAsync(week, form.Revision, form.ToModule(week), User.DisplayName());
        return outcome switch
        {
            ModuleDrafts.Done => RedirectWithNotice(Url.Action(nameof(Draft), new { week }) + (focus is { } i ? $"#step-{i}" : ""), "Draft saved."),
            ModuleDrafts.Conflict c => View("Draft", new DraftViewModel(week, draft, form, [], ConflictMessage(c))),
            ModuleDrafts.Refused r => RedirectWithNotice(Url.Action(nameof(Module), new { week })!, r.Reason),
            _ => RedirectToAction(nameof(Draft), new { week }),
        };
    }

    [HttpGet("weeks/{week:int}/draft/preview")]
    public async Task<IActionResult> Preview(int week)
    {
        var draft = await catalog.DraftAsync(week);
        return draft is null ? RedirectToAction(nameof(Module), new { week }) : View(draft);
    }

    [HttpPost("weeks/{week:int}/draft/publish")]
    public async Task<IActionResult> Publish(int week, int revision, string? changeNote)
    {
        var outcome = await drafts.PublishAsync(week, revision, changeNote ?? "", User.DisplayName());
        switch (outcome)
        {
            case ModuleDrafts.Done done:
                await audit.RecordNowAsync(User.UserId()!, null, Audit.AuditActions.ModulePublished, $"week {week} version {done.Version.Number}: {changeNote}");
                return RedirectWithNotice(Url.Action(nameof(Module), new { week })!,
                    $"Published as version {done.Version.Number}. Patients who open week {week} from now on see it; patients who already opened it keep the version they started.");
            case ModuleDrafts.Invalid invalid:
                var draft = (await catalog.DraftAsync(week))!;
                var form = DraftForm.From(draft);
                form.ChangeNote = changeNote;
                return View("Draft", new DraftViewModel(week, draft, form, invalid.Problems, "Not published yet: fix the problems listed below first."));
            case ModuleDrafts.Conflict c:
                return RedirectWithNotice(Url.Action(nameof(Draft), new { week })!, ConflictMessage(c));
            case ModuleDrafts.Refused r:
                return RedirectWithNotice(Url.Action(nameof(Module), new { week })!, r.Reason);
            default:
                return RedirectToAction(nameof(Module), new { week });
        }
    }

    [HttpPost("weeks/{week:int}/draft/discard")]
    public async Task<IActionResult> Discard(int week, int revision)
    {
        var outcome = await drafts.DiscardAsync(week, revision);
        var message = outcome switch
        {
            ModuleDrafts.Done => "The draft was discarded. The published version is unchanged.",
            ModuleDrafts.Conflict c => ConflictMessage(c),
            ModuleDrafts.Refused r => r.Reason,
            _ => "",
        };
        return RedirectWithNotice(Url.Action(nameof(Module), new { week })!, message);
    }

    [HttpPost("import")]
    public async Task<IActionResult> Import()
    {
        var result = await loader.ImportChangedAsDraftsAsync(User.DisplayName());
        var settingsMessage = result.ProgramSettings switch
        {
            ProgramSettingsDrafts.Imported.Drafted => " The program settings (program.yaml and the questionnaires) differ from the live ones: imported as a draft to review and publish; nothing changes until it is published.",
            ProgramSettingsDrafts.Imported.DraftWaiting => " The program settings were not imported, because a draft of them is already waiting: publish or discard it first.",
            _ => "",
        };
        var message = result.Problems > 0
            ? $"Nothing was imported: the files have {result.Problems} problem{(result.Problems == 1 ? "" : "s")}, listed below."
            : result.ImportedWeeks.Count == 0 && result.WeeksWithDrafts.Count == 0
                ? (settingsMessage.Length > 0 ? "The module files match the published modules." : "The files match the published modules and the live program settings; nothing to import.") + settingsMessage
                : $"Imported as drafts: {Weeks(result.ImportedWeeks)}." +
                  (result.WeeksWithDrafts.Count > 0 ? $" Not imported, because a draft already exists: {Weeks(result.WeeksWithDrafts)}." : "") + settingsMessage;
        return RedirectWithNotice(Url.Action(nameof(Index))!, message);
    }

    [HttpGet("export")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> Export()
    {
        await audit.RecordNowAsync(User.UserId()!, null, Audit.AuditActions.CurriculumExported);
        return File(await exporter.ExportZipAsync(), "application/zip", $"cbtprogram-curriculum-{clock.GetUtcNow():yyyy-MM-dd}.zip");
    }

    private IActionResult ToEditor(int week, ModuleDrafts.Outcome outcome, string? notice = null) => outcome switch
    {
        ModuleDrafts.Done => RedirectWithNotice(Url.Action(nameof(Draft), new { week })!, notice),
        ModuleDrafts.Refused r => RedirectWithNotice(Url.Action(nameof(Module), new { week })!, r.Reason),
        _ => RedirectToAction(nameof(Module), new { week }),
    };

    private RedirectResult RedirectWithNotice(string url, string? notice)
    {
        if (!string.IsNullOrEmpty(notice))
            TempData["Notice"] = notice;
        return Redirect(url);
    }

    private static string ConflictMessage(ModuleDrafts.Conflict c) =>
        $"Not saved: {c.SavedBy} saved this draft at {c.SavedAt:HH:mm} UTC, after you opened it. Your changes are still in the form below; copy what you need, then reload to see their version.";

    private static string Weeks(IEnumerable<int> weeks) => string.Join(", ", weeks.Select(w => $"week {w}"));
}

public sealed record CurriculumIndexViewModel(
    IReadOnlyList<ModuleVersion> Modules, IReadOnlySet<int> DraftWeeks, CurriculumFileStatus.Snapshot Files, ProgramSettingsVersion? Settings, bool SettingsDraft);
public sealed record ModuleViewModel(ModuleVersion Current, ModuleVersion? Draft, IReadOnlyList<ModuleVersion> History);
public sealed record VersionViewModel(ModuleVersion Version, ModuleVersion? Previous, IReadOnlyList<VersionDiff.Line> Changes);
public sealed record DraftViewModel(int Week, ModuleVersion Draft, DraftForm Form, IReadOnlyList<ModuleProblem> Problems, string? Error);
