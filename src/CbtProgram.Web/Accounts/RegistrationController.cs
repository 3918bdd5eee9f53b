using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

/// <summary>
/// Self-registration, for clinics that want it (setting Enrolment:SelfRegistration, off by default). A patient who
/// registers has no therapist until an admin assigns one.
/// </summary>
[AllowAnonymous]
[Route("account/register")]
public sealed class RegistrationController(
    IConfiguration configuration, UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, TimeProvider clock) : Controller
{
    public const string Setting = "Enrolment:SelfRegistration";

    [HttpGet("")]
    public IActionResult Index() => Enabled ? View("~/Views/Account/Register.cshtml", new RegisterViewModel("", "", [])) : NotFound();

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Register(string? name, string? email, string? password)
    {
        if (!Enabled)
            return NotFound();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name))
            problems.Add("Enter your name.");
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
            problems.Add("Enter an email address like name@example.org.");
        if (problems.Count == 0)
        {
            var user = new AppUser { UserName = email!.Trim(), Email = email.Trim(), DisplayName = name!.Trim() };
            var created = await users.CreateAsync(user, password ?? "");
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, Roles.Patient);
                db.Patients.Add(new Patient(user.Id, null, clock.GetUtcNow()));
                await db.SaveChangesAsync();
                await signIn.SignInAsync(user, isPersistent: false);
                return Redirect("/patient");
            }
            problems.AddRange(created.Errors.Select(e => e.Code == "DuplicateUserName" ? "Someone with this email address already has an account." : e.Description).Distinct());
        }
        return View("~/Views/Account/Register.cshtml", new RegisterViewModel(name ?? "", email ?? "", problems));
    }

    private bool Enabled => configuration.GetValue(Setting, defaultValue: false);
}

public sealed record RegisterViewModel(string Name, string Email, IReadOnlyList<string> Problems);
