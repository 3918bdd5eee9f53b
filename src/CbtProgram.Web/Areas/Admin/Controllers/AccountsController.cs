using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using CbtProgram.Web.Accounts.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Every account and its role, for program admins.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin")]
public sealed class AccountsController(AppDbContext db, StaffAccounts staff, Care.AuditLog audit) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var accounts = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join role in db.Roles on userRole.RoleId equals role.Id into matched
            from role in matched.DefaultIfEmpty()
            orderby user.DisplayName
            select new AccountRow(user.DisplayName, user.Email ?? "", role != null ? role.Name ?? "" : "", user.LockoutEnd) { Id = user.Id, DisabledAt = user.DisabledAt }
        ).ToListAsync();
        return View(accounts);
    }

    [HttpGet("accounts/new")]
    [RequiresRecentSignIn]
    public IActionResult New() => View(new NewStaffForm { Role = Roles.Therapist });

    [HttpPost("accounts/new")]
    [EnableRateLimiting(RateLimitPolicies.Invitations)]
    [RequiresRecentSignIn]
    public async Task<IActionResult> New(NewStaffForm form)
    {
        var problems = await staff.CreateAsync(form.Name, form.Email, form.Role);
        if (problems.Count > 0)
        {
            foreach (var (field, message) in problems)
                ModelState.AddModelError(field, message);
            return View(form);
        }
        await audit.RecordNowAsync(User.UserId()!, null, Audit.AuditActions.StaffAccountCreated, $"{form.Name!.Trim()} <{form.Email!.Trim()}> as {Roles.Describe(form.Role!)}");
        TempData["Notice"] = $"{form.Name!.Trim()}'s account is made. They have been emailed a link to choose their password.";
        return Redirect("/admin");
    }
}

public sealed class NewStaffForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; }
}

public sealed record AccountRow(string Name, string Email, string Role, DateTimeOffset? LockedUntil)
{
    public string Id { get; init; } = "";
    public DateTimeOffset? DisabledAt { get; init; }
}
