using CbtProgram.Web.Accounts.Passwords;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>"Sign-in security": every signed-in person adds or removes an authenticator app, recovery codes and passkeys.</summary>
[Authorize]
[Route("account/security")]
public sealed class SecurityPageController(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, SecondFactors factors, AuthenticatorQr qr, RecentSignIn recent,
    CredentialChangeEmails changes) : Controller
{
    public static readonly PathString Path = "/account/security";
    private const string Views = "~/Views/Account/Mfa/";

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        return View(Views + "Security.cshtml", new SecurityPage(await factors.ReadAsync(user), factors.MustSetUp(User)));
    }

    [HttpPost("authenticator/start")]
    public async Task<IActionResult> StartAuthenticator()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (await users.GetTwoFactorEnabledAsync(user))
            return Back("Your authenticator app is already set up. To move to a new phone, remove it first, then add it again.");
        await users.ResetAuthenticatorKeyAsync(user); // a new key each time: one shown earlier and not confirmed is of no use
        return Redirect(Path + "/authenticator");
    }

    [HttpGet("authenticator")]
    public async Task<IActionResult> Authenticator()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (await users.GetTwoFactorEnabledAsync(user) || await users.GetAuthenticatorKeyAsync(user) is not { Length: > 0 })
            return Redirect(Path);
        return View(Views + "Authenticator.cshtml", await AuthenticatorPageAsync(user, null));
    }

    [HttpPost("authenticator")]
    public async Task<IActionResult> ConfirmAuthenticator(string? code)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (await users.GetTwoFactorEnabledAsync(user) || await users.GetAuthenticatorKeyAsync(user) is not { Length: > 0 })
            return Redirect(Path);
        var problem = SecondFactors.Clean(code).Length != 6 ? "Type the 6-digit code your app shows for CbtProgram."
            : !await factors.CheckAuthenticatorCodeAsync(user, code)
                ? "That code did not match. Codes change every 30 seconds: type the newest one your app shows. If it still does not match, check the time on your phone is set automatically."
                : null;
        if (problem is not null)
            return View(Views + "Authenticator.cshtml", await AuthenticatorPageAsync(user, problem));

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, SecondFactors.RecoveryCodeCount);
        await StrongerSessionAsync(user);
        await changes.QueueAsync(user, CredentialChange.AuthenticatorAdded);
        return View(Views + "RecoveryCodes.cshtml", new RecoveryCodesPage(codes?.ToList() ?? [], FirstTime: true));
    }

    [HttpPost("authenticator/remove")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> RemoveAuthenticator()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        var current = await factors.ReadAsync(user);
        if (!current.Authenticator)
            return Back("There is no authenticator app on your account.");
        if (factors.RefuseRemovingLast(User, current, removingAuthenticator: true) is { } refusal)
            return Back(refusal);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // the old app's codes stop working
        await changes.QueueAsync(user, CredentialChange.AuthenticatorRemoved);
        return Back("Your authenticator app is removed. Codes from it no longer work, and neither do your recovery codes.");
    }

    [HttpPost("recovery-codes")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> NewRecoveryCodes()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (!await users.GetTwoFactorEnabledAsync(user))
            return Back("Recovery codes go with an authenticator app. Set one up first.");
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, SecondFactors.RecoveryCodeCount);
        await changes.QueueAsync(user, CredentialChange.RecoveryCodesReplaced);
        return View(Views + "RecoveryCodes.cshtml", new RecoveryCodesPage(codes?.ToList() ?? [], FirstTime: false));
    }

    /// <summary>The options for the browser's navigator.credentials.create(), for this person (JSON).</summary>
    [HttpPost("passkeys/options")]
    public async Task<IActionResult> PasskeyCreationOptions()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        var json = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.Email ?? user.UserName ?? user.Id,
            DisplayName = user.DisplayName.Length > 0 ? user.DisplayName : user.Email ?? user.Id,
        });
        return Content(json, "application/json");
    }

    [HttpPost("passkeys")]
    public async Task<IActionResult> AddPasskey(string? credentialJson, string? name, string? error)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (string.IsNullOrWhiteSpace(credentialJson))
            return Back(PasskeyScript.Explain(error, "Your passkey was not added. Try again, and follow what your device or browser asks."));
        var result = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        if (!result.Succeeded || result.UserEntity.Id != user.Id)
            return Back("Your passkey was not added: your browser's answer could not be checked. Try again from this page.");
        result.Passkey.Name = PasskeyName(name);
        var saved = await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        if (!saved.Succeeded)
            return Back("Your passkey was not added: it may already be on this or another account.");
        await StrongerSessionAsync(user);
        await changes.QueueAsync(user, CredentialChange.PasskeyAdded);
        return Back($"Passkey \"{result.Passkey.Name}\" added. Next time, choose \"Sign in with a passkey\".");
    }

    [HttpPost("passkeys/rename")]
    public async Task<IActionResult> RenamePasskey(string? id, string? name)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (await FindPasskeyAsync(user, id) is not { } passkey)
            return Back("That passkey is not on your account. Nothing was changed.");
        if (string.IsNullOrWhiteSpace(name))
            return Back("Type a name for the passkey, such as \"Work laptop\". Nothing was changed.");
        passkey.Name = PasskeyName(name);
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        return Back($"Renamed to \"{passkey.Name}\".");
    }

    [HttpPost("passkeys/remove")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> RemovePasskey(string? id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        if (await FindPasskeyAsync(user, id) is not { } passkey)
            return Back("That passkey is not on your account. Nothing was changed.");
        if (factors.RefuseRemovingLast(User, await factors.ReadAsync(user), removingAuthenticator: false) is { } refusal)
            return Back(refusal);
        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await changes.QueueAsync(user, CredentialChange.PasskeyRemoved);
        return Back($"Passkey \"{passkey.Name}\" removed. It can no longer sign in to your account.");
    }

    public static string PasskeyId(UserPasskeyInfo passkey) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(passkey.CredentialId);

    private async Task<UserPasskeyInfo?> FindPasskeyAsync(AppUser user, string? id)
    {
        if (string.IsNullOrEmpty(id))
            return null;
        return (await users.GetPasskeysAsync(user)).FirstOrDefault(p => PasskeyId(p) == id);
    }

    private static string PasskeyName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        return trimmed.Length == 0 ? "Passkey" : trimmed[..Math.Min(60, trimmed.Length)];
    }

    /// <summary>Having just proved a second factor, the session counts as multi-factor from now on.</summary>
    private async Task StrongerSessionAsync(AppUser user)
    {
        if (!User.SessionUsedSecondFactor())
            await factors.SignInWithSecondFactorAsync(user);
        recent.Stamp(HttpContext, user.Id);
    }

    private async Task<AuthenticatorPage> AuthenticatorPageAsync(AppUser user, string? error)
    {
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var uri = AuthenticatorQr.SetupUri(user.Email ?? user.UserName ?? "account", key);
        return new AuthenticatorPage(AuthenticatorQr.Grouped(key), qr.PngDataUri(uri), error);
    }

    private RedirectResult Back(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect(Path);
    }
}

public sealed record SecurityPage(SecondFactors.Factors Factors, bool SetUpRequired);
public sealed record AuthenticatorPage(string Key, string QrDataUri, string? Error);
public sealed record RecoveryCodesPage(IReadOnlyList<string> Codes, bool FirstTime);
