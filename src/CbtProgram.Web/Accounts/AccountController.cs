using CbtProgram.Web.Accounts.Mfa;
using CbtProgram.Web.Security;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users,
    Audit.SecurityEvents events, Passwords.SignInFailures failures) : Controller
{
    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult SignIn(string? returnUrl = null) =>
        View("~/Views/Account/SignIn.cshtml", new SignInViewModel { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("sign-in")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> SignIn(SignInViewModel form, [FromServices] SignInThrottle throttle)
    {
        if (!ModelState.IsValid)
            return View("~/Views/Account/SignIn.cshtml", form);

        var attempt = throttle.Begin(HttpContext, form.Email);
        if (attempt.PausedFor is { } wait)
            return new TooManyRequestsResult(wait);
        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe, attempt.CountsTowardLockout);
        if (!result.Succeeded && !result.RequiresTwoFactor)
            attempt.Failed();
        if (result.RequiresTwoFactor)
            return Redirect(Mfa.TwoFactorSignInController.CodePathFor(form.ReturnUrl, form.RememberMe));
        if (result.Succeeded)
        {
            var user = await users.FindByEmailAsync(form.Email.Trim());
            if (user is not null)
                HttpContext.StampRecentSignIn(user.Id);
            var roles = user is null ? [] : await users.GetRolesAsync(user);
            await events.SignedInAsync(user?.Id);
            return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : Redirect(HomeFor(roles));
        }

        await events.SignInRefusedAsync(form.Email.Trim(), result);
        ModelState.AddModelError("", await failures.HandleAsync(form.Email.Trim(), form.Password, result));
        form.Password = "";
        return View("~/Views/Account/SignIn.cshtml", form);
    }

    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOutOfSite()
    {
        await events.SignedOutAsync(User.UserId());
        await signIn.SignOutAsync();
        HttpContext.ForgetRecentSignIn();
        return RedirectToAction(nameof(SignedOut));
    }

    [AllowAnonymous]
    [HttpGet("signed-out")]
    public IActionResult SignedOut() => View("~/Views/Account/SignedOut.cshtml");

    /// <summary>Where each kind of user starts.</summary>
    public static string HomeFor(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet();
        if (set.Contains(Roles.Admin)) return "/admin";
        if (set.Contains(Roles.Therapist)) return "/therapist";
        if (set.Contains(Roles.ClinicalLead)) return Safety.SafetyPaths.Alerts;
        if (set.Contains(Roles.Patient)) return "/patient";
        return "/";
    }
}
