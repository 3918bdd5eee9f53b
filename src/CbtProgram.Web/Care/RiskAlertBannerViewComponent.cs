using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Care;

/// <summary>
/// At the top of every page a therapist or clinical lead sees: the open risk alerts they own (a therapist's patients';
/// for a lead, those of patients with no therapist), until each is acknowledged.
/// </summary>
public sealed class RiskAlertBannerViewComponent(RiskAlerts alerts, BannerAlerts alreadyRead) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserId()!;
        var open = new List<OpenAlert>();
        if (UserClaimsPrincipal.IsInRole(Roles.Therapist))
            open.AddRange(alreadyRead.For(userId) ?? await alerts.OpenForTherapistAsync(userId));
        if (UserClaimsPrincipal.IsInRole(Roles.ClinicalLead))
            open.AddRange(await alerts.OpenForLeadsAsync());
        return open.Count == 0 ? Content("") : View(open);
    }
}

/// <summary>
/// Open alerts that a page has already read for a therapist in this request (the caseload reads them for its rows),
/// so the banner does not read them again. Scoped: nothing is kept between requests.
/// </summary>
public sealed class BannerAlerts
{
    private (string TherapistId, IReadOnlyList<OpenAlert> Alerts)? _read;

    public void Provide(string therapistId, IReadOnlyList<OpenAlert> alerts) => _read = (therapistId, alerts);

    public IReadOnlyList<OpenAlert>? For(string therapistId) => _read is { } read && read.TherapistId == therapistId ? read.Alerts : null;
}
