using CbtProgram.Web.Accounts;
using CbtProgram.Web.Accounts.Lifecycle;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Patient invitations still waiting to be accepted: send again or cancel.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/invitations")]
public sealed class InvitationsController(InvitationLifecycle invitations) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await invitations.PendingAsync());

    [HttpPost("{invitationId:guid}/cancel")]
    public async Task<IActionResult> Cancel(Guid invitationId)
    {
        TempData["Notice"] = await invitations.CancelAsync(User.UserId()!, invitationId) ?? "Cancelled. The link in that email no longer works.";
        return Redirect("/admin/invitations");
    }

    [HttpPost("{invitationId:guid}/resend")]
    public async Task<IActionResult> Resend(Guid invitationId)
    {
        TempData["Notice"] = await invitations.ResendAsync(User.UserId()!, User.DisplayName(), invitationId, $"{Request.Scheme}://{Request.Host}")
            ?? "Sent again with a new link, which works for 7 days. The old link no longer works.";
        return Redirect("/admin/invitations");
    }
}
