using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using CbtProgram.Web.Security.RateLimits;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// Sign-in's second step after the password (a 6-digit code or a recovery code), and signing in with a passkey instead of
/// a password. Wrong codes count toward the same lockout as wrong passwords.
/// </summary>
[AllowAnonymous]
[Route("account/sign-in")]
public sealed class TwoFactorSignInController(
    SignInManager<AppUser> signIn, UserManager<AppUser> users, SecondFactors factors, RecentSignIn recent,
    Audit.SecurityEvents events) : Controller
{
    public const string CodePath = "/account/sign-in/code";
    private const string Views = "~/Views/Account/Mfa/";
    private const string TimedOut = "Your sign-in took too long, so we stopped it to keep your account safe. Please sign in again.";

    public static string CodePathFor(string? returnUrl, bool rememberMe) =>
        $"{CodePath}?rememberMe={(rememberMe ? "true" : "false")}" + (string.IsNullOrEmpty(returnUrl) ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}");

    [HttpGet("code")]
    public async Task<IActionResult> Code(string? returnUrl, bool rememberMe = false) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? StartAgain(TimedOut)
            : View(Views + "SignInCode.cshtml", new SecondStepForm { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [HttpPost("code")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Code(SecondStepForm form)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
            return StartAgain(TimedOut);
        var code = SecondFactors.Clean(form.Code);
        if (code.Length != 6)
            return Refuse("SignInCode.cshtml", form, "Type the 6-digit code your authenticator app shows for CbtProgram.");
        if (await factors.WasUsedAsync(user, code))
        {
            await users.AccessFailedAsync(user);
            return Refuse("SignInCode.cshtml", form, "That code was used already. Wait for the next code your app shows, then type it.");
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, form.RememberMe, rememberClient: false);
        if (result.Succeeded)
            await factors.RememberUsedAsync(user, code);
        return await AfterSecondStepAsync(result, user, form, "SignInCode.cshtml",
            "That code did not work. Codes change every 30 seconds: type the newest one your app shows, or use a recovery code.");
    }

    [HttpGet("recovery")]
    public async Task<IActionResult> Recovery(string? returnUrl, bool rememberMe = false) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? StartAgain(TimedOut)
            : View(Views + "SignInRecovery.cshtml", new SecondStepForm { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [HttpPost("recovery")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Recovery(SecondStepForm form)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
            return StartAgain(TimedOut);
        var code = SecondFactors.Clean(form.Code).ToUpperInvariant();
        if (code.Length == 0)
            return Refuse("SignInRecovery.cshtml", form, "Type one of the recovery codes you saved when you set up your authenticator app.");
        // Identity stores the codes with their dash; each works once.
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code.Length == 10 ? $"{code[..5]}-{code[5..]}" : code);
        return await AfterSecondStepAsync(result, user, form, "SignInRecovery.cshtml",
            "That recovery code did not work. Each code works only once: check it against your list and try another.");
    }

    /// <summary>Options for the browser's navigator.credentials.get(): any passkey of this site may answer.</summary>
    [HttpPost("passkey/options")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> PasskeyOptions() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    [HttpPost("passkey")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Passkey(string? credentialJson, string? returnUrl, string? error)
    {
        if (string.IsNullOrWhiteSpace(credentialJson))
            return StartAgain(PasskeyScript.Explain(error, "You were not signed in with a passkey. Try again, or sign in with your password."));
        var result = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        if (!result.Succeeded)
            return StartAgain("That passkey did not sign you in. It may have been removed from your account. Sign in with your password instead.");
        var user = result.User;
        if (await users.IsLockedOutAsync(user))
            return StartAgain("This account is locked for now after too many wrong attempts. Try again later, or ask your clinic to help.");
        if (!await signIn.CanSignInAsync(user))
            return StartAgain("This account cannot sign in. Ask your clinic to help.");
        await users.AddOrUpdatePasskeyAsync(user, result.Passkey); // keeps the passkey's signature counter
        await users.ResetAccessFailedCountAsync(user);
        await factors.SignInWithSecondFactorAsync(user);
        recent.Stamp(HttpContext, user.Id);
        return await GoOnAsync(user, returnUrl);
    }

    private async Task<IActionResult> AfterSecondStepAsync(Microsoft.AspNetCore.Identity.SignInResult result, AppUser user,
        SecondStepForm form, string view, string wrong)
    {
        if (result.Succeeded)
        {
            recent.Stamp(HttpContext, user.Id);
            return await GoOnAsync(user, form.ReturnUrl);
        }
        await events.SecondStepRefusedAsync(user.Id, result.IsLockedOut);
        if (result.IsLockedOut)
            return StartAgain($"This account is locked after too many wrong attempts. Try again in {(int)AccountsSetup.LockoutDuration.TotalMinutes} minutes, or ask your clinic to help.");
        return Refuse(view, form, wrong);
    }

    private async Task<IActionResult> GoOnAsync(AppUser user, string? returnUrl)
    {
        await events.SignedInAsync(user.Id);
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect(AccountController.HomeFor(await users.GetRolesAsync(user)));
    }

    private ViewResult Refuse(string view, SecondStepForm form, string message)
    {
        ModelState.AddModelError(nameof(SecondStepForm.Code), message);
        form.Code = "";
        return View(Views + view, form);
    }

    private RedirectResult StartAgain(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect("/account/sign-in");
    }
}

public sealed class SecondStepForm
{
    [System.ComponentModel.DataAnnotations.Display(Name = "Code")]
    public string? Code { get; set; }
    public string? ReturnUrl { get; set; }
    public bool RememberMe { get; set; }
}

/// <summary>What to tell someone when their browser's passkey step did not finish (the page's script names the reason).</summary>
public static class PasskeyScript
{
    public static string Explain(string? error, string otherwise) => error switch
    {
        "unsupported" => "This browser cannot use passkeys. Try an up-to-date browser, or use your password and code.",
        "cancelled" => "The passkey step was cancelled or timed out, so nothing changed. Try again when you are ready.",
        _ => otherwise,
    };
}
