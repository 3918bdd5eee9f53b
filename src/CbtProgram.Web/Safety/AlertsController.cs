using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Safety;

/// <summary>The clinical leads' view of every open risk alert and of how fast the service handles them.</summary>
[Authorize(Roles = $"{Roles.ClinicalLead},{Roles.Admin}")]
public sealed class AlertsController(AlertsBoard board) : Controller
{
    [HttpGet(SafetyPaths.Alerts)]
    public async Task<IActionResult> Index() => View("~/Views/Safety/Alerts.cshtml", await board.BuildAsync());
}
