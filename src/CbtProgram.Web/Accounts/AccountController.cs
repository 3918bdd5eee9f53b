using CbtProgram.Web.Accounts.Mfa;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, TimeProvider clock) : Controller
{
    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult SignIn(string? returnUrl = null) =>
        View("~/Views/Account/SignIn.cshtml", new SignInViewModel { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("sign-in")]
    public async Task<IActionResult> SignIn(SignInViewModel form)
    {
        if (!ModelState.IsValid)
            return View("~/Views/Account/SignIn.cshtml", form);

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return Redirect(Mfa.TwoFactorSignInController.CodePathFor(form.ReturnUrl, form.RememberMe));
        if (result.Succeeded)
        {
            var user = await users.FindByEmailAsync(form.Email.Trim());
            if (user is not null)
                HttpContext.StampRecentSignIn(user.Id);
            var roles = user is null ? [] : await users.GetRolesAsync(user);
            return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : Redirect(HomeFor(roles));
        }

        ModelState.AddModelError("", result.IsLockedOut
            ? await LockedOutMessageAsync(form.Email.Trim())
            : "That email address and password do not match. Check them and try again.");
        form.Password = "";
        return View("~/Views/Account/SignIn.cshtml", form);
    }

    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOutOfSite()
    {
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

    private async Task<string> LockedOutMessageAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        var end = user is null ? null : await users.GetLockoutEndDateAsync(user);
        var minutes = end is null ? (int)AccountsSetup.LockoutDuration.TotalMinutes
            : Math.Max(1, (int)Math.Ceiling((end.Value - clock.GetUtcNow()).TotalMinutes));
        return $"This account is locked after {AccountsSetup.MaxFailedSignIns} wrong passwords. Try again in {minutes} minutes, or ask your clinic to help.";
    }
}
