using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Care;

/// <summary>At the top of every page a therapist sees: their patients' open risk alerts, until each is acknowledged.</summary>
public sealed class RiskAlertBannerViewComponent(RiskAlerts alerts) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!UserClaimsPrincipal.IsInRole(Roles.Therapist))
            return Content("");
        var open = await alerts.OpenForTherapistAsync(UserClaimsPrincipal.UserId()!);
        return open.Count == 0 ? Content("") : View(open);
    }
}
