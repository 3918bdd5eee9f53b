using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>Therapists invite patients onto their own caseload; admins invite for any therapist.</summary>
[Area("Therapist")]
[Authorize(Roles = $"{Roles.Therapist},{Roles.Admin}")]
[Route("therapist/invite")]
public sealed class InviteController(Invitations invitations, AppDbContext db, Notifications.MailOptions mail, Care.AuditLog audit) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new InviteViewModel(new InviteForm(), await TherapistsAsync()));

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.Invitations)]
    public async Task<IActionResult> Send(InviteForm form)
    {
        var therapistId = User.IsInRole(Roles.Admin) ? form.TherapistId ?? "" : User.UserId()!;
        var siteUrl = mail.SiteUrl; // the configured public address, never the request's Host header (which a client chooses)
        var problems = await invitations.InviteAsync(form.Name, form.Email, therapistId, User.DisplayName(), siteUrl);
        if (problems.Count == 0)
        {
            await audit.RecordNowAsync(User.UserId()!, null, Audit.AuditActions.PatientInvited, form.Email!.Trim());
            TempData["Notice"] = $"Invitation sent to {form.Email!.Trim()}. The link works once, for 7 days.";
            return Redirect("/therapist/invite");
        }
        foreach (var (field, message) in problems)
            ModelState.AddModelError(field, message);
        return View("Index", new InviteViewModel(form, await TherapistsAsync()));
    }

    private async Task<IReadOnlyList<(string Id, string Name)>?> TherapistsAsync()
    {
        if (!User.IsInRole(Roles.Admin))
            return null;
        var therapists = await (from user in db.Users
                                join userRole in db.UserRoles on user.Id equals userRole.UserId
                                join role in db.Roles on userRole.RoleId equals role.Id
                                where role.Name == Roles.Therapist
                                orderby user.DisplayName
                                select new { user.Id, user.DisplayName }).ToListAsync();
        return therapists.Select(t => (t.Id, t.DisplayName)).ToList();
    }
}

public sealed class InviteForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? TherapistId { get; set; }
}

public sealed record InviteViewModel(InviteForm Form, IReadOnlyList<(string Id, string Name)>? Therapists);
