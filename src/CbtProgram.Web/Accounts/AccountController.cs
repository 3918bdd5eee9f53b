using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, Passwords.SignInFailures failures) : Controller
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
        if (result.Succeeded)
        {
            var user = await users.FindByEmailAsync(form.Email.Trim());
            var roles = user is null ? [] : await users.GetRolesAsync(user);
            return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : Redirect(HomeFor(roles));
        }

        ModelState.AddModelError("", await failures.HandleAsync(form.Email.Trim(), form.Password, result));
        form.Password = "";
        return View("~/Views/Account/SignIn.cshtml", form);
    }

    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOutOfSite()
    {
        await signIn.SignOutAsync();
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
