using CbtProgram.Web.Accounts;
using CbtProgram.Web.Accounts.Lifecycle;
using CbtProgram.Web.Accounts.Mfa;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>One account: turn it off or on, change its roles, move a leaver's caseload, resend a set-password link.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/accounts/{userId}")]
public sealed class AccountLifecycleController(AccountLifecycle lifecycle, CaseloadReassignment caseload, StaffAccounts staff,
    UserManager<AppUser> users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string userId) =>
        await lifecycle.DetailsAsync(userId) is { } account ? View(account) : NotFound();

    [HttpPost("disable")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> Disable(string userId) =>
        Done(userId, await lifecycle.DisableAsync(User.UserId()!, userId), "The account is turned off and signed out everywhere.");

    [HttpPost("enable")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> Enable(string userId) =>
        Done(userId, await lifecycle.EnableAsync(User.UserId()!, userId), "The account is on again. They can sign in.");

    [HttpPost("roles/add")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> AddRole(string userId, string? role) =>
        Done(userId, await lifecycle.AddRoleAsync(User.UserId()!, userId, role ?? ""), "Role added. They will sign in again to use it.");

    [HttpPost("roles/remove")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> RemoveRole(string userId, string? role) =>
        Done(userId, await lifecycle.RemoveRoleAsync(User.UserId()!, userId, role ?? ""), "Role removed. They have been signed out.");

    [HttpPost("caseload")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> MoveCaseload(string userId, string? toTherapistId)
    {
        var (moved, problem) = await caseload.MoveAllAsync(User.UserId()!, userId, toTherapistId);
        return Done(userId, problem, moved == 1 ? "Moved 1 patient." : $"Moved {moved} patients.");
    }

    [HttpPost("set-password-link")]
    public async Task<IActionResult> ResendSetPasswordLink(string userId) =>
        await users.FindByIdAsync(userId) is { } user
            ? Done(userId, await staff.ResendSetPasswordLinkAsync(user), "A new link is on its way. The old one no longer works.")
            : NotFound();

    private RedirectResult Done(string userId, string? problem, string success)
    {
        TempData["Notice"] = problem ?? success;
        return Redirect($"/admin/accounts/{Uri.EscapeDataString(userId)}");
    }
}
