using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Settings;
using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Program admins review a draft of the program settings (program.yaml and the measures), publish or discard it, and read the history.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/curriculum/settings")]
public sealed class ProgramSettingsController(ProgramSettingsCatalog catalog, ProgramSettingsReview review, ProgramSettingsDrafts drafts) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var live = await catalog.LiveAsync();
        return View(new ProgramSettingsViewModel(live, await catalog.DraftAsync(), await catalog.HistoryAsync(),
            live is null ? [] : SettingsSummary.Of(live.Files) ?? []));
    }

    [HttpGet("draft")]
    public async Task<IActionResult> Draft()
    {
        var draft = await review.DraftAsync();
        return draft is null ? RedirectToAction(nameof(Index)) : View(new SettingsDraftViewModel(draft, null, null));
    }

    [HttpPost("draft/publish")]
    public async Task<IActionResult> Publish(int revision, string? changeNote)
    {
        var outcome = await drafts.PublishAsync(revision, changeNote, new ProgramSettingsDrafts.Publisher(User.UserId()!, User.DisplayName()));
        switch (outcome)
        {
            case ProgramSettingsDrafts.Done done:
                return WithNotice(nameof(Index), $"Published as version {done.Version.Number}. The site uses these settings from now on.");
            case ProgramSettingsDrafts.NoteNeeded note:
                return await DraftWithErrorAsync(changeNote, $"Not published: {note.Reason}");
            case ProgramSettingsDrafts.Invalid invalid:
                return await DraftWithErrorAsync(changeNote,
                    $"Not published: the draft has {invalid.Problems.Count} problem{(invalid.Problems.Count == 1 ? "" : "s")}, listed below. The live settings are unchanged.");
            case ProgramSettingsDrafts.Refused refused:
                return WithNotice(nameof(Index), refused.Reason);
            default:
                return WithNotice(nameof(Draft), "Not published: someone else published or discarded this draft at the same moment. Check the page again.");
        }
    }

    [HttpPost("draft/discard")]
    public async Task<IActionResult> Discard(int revision) =>
        await drafts.DiscardAsync(revision) switch
        {
            ProgramSettingsDrafts.Done => WithNotice(nameof(Index), "The draft was discarded. The live settings are unchanged."),
            ProgramSettingsDrafts.Refused refused => WithNotice(nameof(Index), refused.Reason),
            _ => WithNotice(nameof(Draft), "Not discarded: someone else changed this draft at the same moment. Check the page again."),
        };

    [HttpGet("versions/{number:int}")]
    public async Task<IActionResult> Version(int number) =>
        await review.VersionAsync(number) is { } version ? View(version) : NotFound();

    private async Task<IActionResult> DraftWithErrorAsync(string? changeNote, string error)
    {
        var draft = await review.DraftAsync();
        return draft is null ? RedirectToAction(nameof(Index)) : View("Draft", new SettingsDraftViewModel(draft, changeNote, error));
    }

    private RedirectToActionResult WithNotice(string action, string notice)
    {
        TempData["Notice"] = notice;
        return RedirectToAction(action);
    }
}

public sealed record ProgramSettingsViewModel(
    ProgramSettingsVersion? Live, ProgramSettingsVersion? Draft, IReadOnlyList<ProgramSettingsVersion> History, IReadOnlyList<SettingsSummary.Row> Settings);
public sealed record SettingsDraftViewModel(ProgramSettingsReview.Draft Review, string? ChangeNote, string? Error)
{
    public IReadOnlyList<CurriculumProblem> Problems => Review.Problems;
}
public sealed record SettingsChangesView(SettingsChanges Changes, string Before, string After);
