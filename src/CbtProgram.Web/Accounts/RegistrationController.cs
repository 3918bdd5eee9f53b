using CbtProgram.Web.Accounts.Passwords;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

/// <summary>
/// Self-registration, for clinics that want it (setting Enrolment:SelfRegistration, off by default). A patient who
/// registers has no therapist until an admin assigns one. The account is made when the emailed link is followed
/// (<see cref="SelfRegistrations"/>), so the form answers alike whether or not the address has an account.
/// </summary>
[AllowAnonymous]
[Route("account/register")]
public sealed class RegistrationController(IConfiguration configuration, SelfRegistrations registrations, LinkCookies cookies, SignInManager<AppUser> signIn) : Controller
{
    public const string Setting = "Enrolment:SelfRegistration";
    private const string CookieName = "cbt.registration";

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
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim()))
            problems.Add("Enter an email address like name@example.org.");
        else
            problems.AddRange(await registrations.PasswordProblemsAsync(name?.Trim() ?? "", email.Trim(), password));
        if (problems.Count > 0)
            return View("~/Views/Account/Register.cshtml", new RegisterViewModel(name ?? "", email ?? "", problems));
        await registrations.StartAsync(name!.Trim(), email!.Trim(), password!);
        return View("~/Views/Account/RegisterSent.cshtml", email.Trim());
    }

    [HttpGet("confirm")]
    public IActionResult Confirm(string? request)
    {
        if (!Enabled)
            return NotFound();
        if (!string.IsNullOrEmpty(request))
        {
            cookies.Keep(Response, CookieName, SelfRegistrations.ConfirmPath, new RegistrationTicket(request));
            return this.SeeOther(SelfRegistrations.ConfirmPath);
        }
        Response.Headers["Referrer-Policy"] = "no-referrer";
        return Pending is null ? Unusable() : View("~/Views/Account/RegisterConfirm.cshtml");
    }

    [HttpPost("confirm")]
    public async Task<IActionResult> Finish()
    {
        if (!Enabled)
            return NotFound();
        Response.Headers["Referrer-Policy"] = "no-referrer";
        if (Pending is not { } pending || await registrations.FinishAsync(pending) is not { } user)
            return Unusable();
        cookies.Forget(Response, CookieName, SelfRegistrations.ConfirmPath);
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/patient");
    }

    private PendingRegistration? Pending => registrations.Open(cookies.Read<RegistrationTicket>(Request, CookieName)?.Request);

    private ViewResult Unusable()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Views/Account/RegisterUnusable.cshtml");
    }

    private bool Enabled => configuration.GetValue(Setting, defaultValue: false);
}

public sealed record RegistrationTicket(string Request);

public sealed record RegisterViewModel(string Name, string Email, IReadOnlyList<string> Problems);
