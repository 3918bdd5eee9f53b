using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// "Confirm it's you" before a sensitive action (<see cref="RequiresRecentSignInAttribute"/>): the password, a code from the
/// authenticator app or a passkey. Success stamps <see cref="RecentSignIn"/> (never a new sign-in) and goes back.
/// </summary>
[Authorize]
[Route("account/confirm")]
public sealed class ConfirmIdentityController(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, SecondFactors factors, RecentSignIn recent) : Controller
{
    public const string Path = "/account/confirm";
    private const string View_ = "~/Views/Account/Mfa/Confirm.cshtml";

    public static string PathFor(string returnUrl) => $"{Path}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? returnUrl) =>
        await users.GetUserAsync(User) is { } user ? View(View_, await PageAsync(user, returnUrl, null)) : Challenge();

    [HttpPost("password")]
    public async Task<IActionResult> Password(string? password, string? returnUrl)
    {
        if (await users.GetUserAsync(User) is not { } user)
            return Challenge();
        if (string.IsNullOrEmpty(password))
            return View(View_, await PageAsync(user, returnUrl, "Type your password."));
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return View(View_, await PageAsync(user, returnUrl, "Too many wrong attempts: your account is locked for now. Try again later."));
        return result.Succeeded ? Confirmed(user, returnUrl)
            : View(View_, await PageAsync(user, returnUrl, "That password is not right. Check it and try again."));
    }

    [HttpPost("code")]
    public async Task<IActionResult> Code(string? code, string? returnUrl)
    {
        if (await users.GetUserAsync(User) is not { } user)
            return Challenge();
        if (await users.IsLockedOutAsync(user))
            return View(View_, await PageAsync(user, returnUrl, "Too many wrong attempts: your account is locked for now. Try again later."));
        if (SecondFactors.Clean(code).Length != 6)
            return View(View_, await PageAsync(user, returnUrl, "Type the 6-digit code your authenticator app shows."));
        if (!await users.GetTwoFactorEnabledAsync(user) || !await factors.CheckAuthenticatorCodeAsync(user, code))
        {
            await users.AccessFailedAsync(user);
            return View(View_, await PageAsync(user, returnUrl, "That code did not work. Type the newest code your app shows."));
        }
        await users.ResetAccessFailedCountAsync(user);
        return Confirmed(user, returnUrl);
    }

    /// <summary>Options for navigator.credentials.get(), limited to this person's own passkeys.</summary>
    [HttpPost("passkey/options")]
    public async Task<IActionResult> PasskeyOptions() =>
        await users.GetUserAsync(User) is { } user
            ? Content(await signIn.MakePasskeyRequestOptionsAsync(user), "application/json")
            : Challenge();

    [HttpPost("passkey")]
    public async Task<IActionResult> Passkey(string? credentialJson, string? returnUrl, string? error)
    {
        if (await users.GetUserAsync(User) is not { } user)
            return Challenge();
        if (string.IsNullOrWhiteSpace(credentialJson))
            return View(View_, await PageAsync(user, returnUrl, PasskeyScript.Explain(error, "Your passkey did not confirm it is you. Try again, or use your password.")));
        var result = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        if (!result.Succeeded || result.User.Id != user.Id)
            return View(View_, await PageAsync(user, returnUrl, "That passkey is not one of yours on this account. Try another, or use your password."));
        await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        return Confirmed(user, returnUrl);
    }

    private IActionResult Confirmed(AppUser user, string? returnUrl)
    {
        recent.Stamp(HttpContext, user.Id);
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect("/");
    }

    private async Task<ConfirmPage> PageAsync(AppUser user, string? returnUrl, string? error)
    {
        var has = await factors.ReadAsync(user);
        return new ConfirmPage(Url.IsLocalUrl(returnUrl) ? returnUrl : "/", has.Authenticator, has.Passkeys.Count > 0, error);
    }
}

public sealed record ConfirmPage(string ReturnUrl, bool HasAuthenticator, bool HasPasskeys, string? Error);
