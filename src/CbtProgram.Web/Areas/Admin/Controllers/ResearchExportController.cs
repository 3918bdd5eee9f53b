using System.Globalization;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Accounts.Mfa;
using CbtProgram.Web.Outcomes.Research;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Admins download the research export under an export key (the default one, or a study's own), and make keys.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/outcomes/research-export")]
public sealed class ResearchExportController(Pseudonyms pseudonyms, ResearchExport export, ResearchConsents consents, Care.AuditLog audit, TimeProvider clock) : Controller
{
    public const string Exported = "exported research data";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await ModelAsync(null, null, cancellationToken));

    [HttpPost("keys")]
    public async Task<IActionResult> CreateKey(string? name, CancellationToken cancellationToken)
    {
        var (key, error) = await pseudonyms.CreateKeyAsync(name ?? "", User.UserId()!, cancellationToken);
        if (key is null)
            return View("Index", await ModelAsync(error, name, cancellationToken));
        TempData["Notice"] = $"Export key \"{key.Name}\" is ready. Use it for every export of this study.";
        return Redirect("/admin/outcomes/research-export");
    }

    [HttpGet("download")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> Download(string? key, CancellationToken cancellationToken)
    {
        var chosen = string.IsNullOrWhiteSpace(key) ? await pseudonyms.DefaultKeyAsync(cancellationToken) : await pseudonyms.FindKeyAsync(key, cancellationToken);
        if (chosen is null)
            return View("Index", await ModelAsync($"There is no export key called \"{key}\". Choose one from the list.", null, cancellationToken));
        var result = await export.ExportAsync(chosen, cancellationToken);
        if (result is null)
            return View("Index", await ModelAsync("The clinic is not asking patients about research (program.yaml has no research consent item), so nobody can be exported.", null, cancellationToken));
        // Who, when (the entry's own time), which key and how much: never a figure or a pseudonym.
        await audit.RecordNowAsync(User.UserId()!, null, Exported,
            string.Create(CultureInfo.InvariantCulture, $"key {chosen.Name}; {result.Rows} rows; {result.Patients} patients"));
        return File(result.Zip, "application/zip", $"cbtprogram-research-{chosen.Name}-{clock.GetUtcNow():yyyy-MM-dd}.zip");
    }

    private async Task<ResearchExportViewModel> ModelAsync(string? error, string? name, CancellationToken cancellationToken) =>
        new(await pseudonyms.ListKeysAsync(cancellationToken), await consents.OfferedAsync() is not null, error, name);
}

public sealed record ResearchExportViewModel(IReadOnlyList<ExportKeyListing> Keys, bool ResearchOffered, string? Error, string? NewKeyName);
