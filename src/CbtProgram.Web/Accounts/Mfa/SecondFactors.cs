using System.Security.Claims;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>What second factors a person has, and the rules around them: staff must keep one when MFA is required.</summary>
public sealed class SecondFactors(UserManager<AppUser> users, SignInManager<AppUser> signIn, MfaOptions options, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;

    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Therapist) || user.IsInRole(Roles.ClinicalLead) || user.IsInRole(Roles.Admin);

    public async Task<Factors> ReadAsync(AppUser user) => new(
        await users.GetTwoFactorEnabledAsync(user),
        await users.CountRecoveryCodesAsync(user),
        await users.GetPasskeysAsync(user));

    /// <summary>Whether this signed-in person must be asked to set up a second factor before anything else.</summary>
    public bool MustSetUp(ClaimsPrincipal user) =>
        options.RequireStaffMfa && IsStaff(user) && !user.SessionUsedSecondFactor();

    /// <summary>Refuses to take away a staff member's last second factor while MFA is required.</summary>
    public string? RefuseRemovingLast(ClaimsPrincipal user, Factors factors, bool removingAuthenticator)
    {
        if (!options.RequireStaffMfa || !IsStaff(user))
            return null;
        var left = (factors.Authenticator && !removingAuthenticator ? 1 : 0) + factors.Passkeys.Count - (removingAuthenticator ? 0 : 1);
        return left > 0 ? null
            : "Staff accounts need a second step to sign in, so this is your last one and it stays. Add another passkey or an authenticator app first, then remove this one.";
    }

    /// <summary>Starts a session that counts as multi-factor: after a code, a recovery code or a passkey.</summary>
    public Task SignInWithSecondFactorAsync(AppUser user, bool persistent = false) =>
        signIn.SignInWithClaimsAsync(user, persistent, [new Claim(MfaSetup.AmrClaim, MfaSetup.MultiFactor)]);

    /// <summary>
    /// Checks a 6-digit code from the person's authenticator app (spaces and dashes ignored). A code that was accepted once
    /// is refused afterwards (ASVS 2.8.4), so a code seen over someone's shoulder cannot be used again.
    /// </summary>
    public async Task<bool> CheckAuthenticatorCodeAsync(AppUser user, string? code)
    {
        var clean = Clean(code);
        if (await WasUsedAsync(user, clean) || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
            return false;
        await RememberUsedAsync(user, clean);
        return true;
    }

    /// <summary>Identity accepts a code up to two 30-second steps either side of now; the last one used stays refused for longer.</summary>
    public async Task<bool> WasUsedAsync(AppUser user, string code)
    {
        var last = (await users.GetAuthenticationTokenAsync(user, UsedCodeProvider, UsedCodeName))?.Split('|');
        return last is [var used, var at] && used == code && long.TryParse(at, out var seconds)
            && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) < UsedCodeMemory;
    }

    public Task RememberUsedAsync(AppUser user, string code) =>
        users.SetAuthenticationTokenAsync(user, UsedCodeProvider, UsedCodeName, $"{code}|{clock.GetUtcNow().ToUnixTimeSeconds()}");

    private const string UsedCodeProvider = "CbtProgram";
    private const string UsedCodeName = "LastAuthenticatorCode";
    private static readonly TimeSpan UsedCodeMemory = TimeSpan.FromMinutes(4);

    public static string Clean(string? code) => new((code ?? "").Where(char.IsLetterOrDigit).ToArray());

    public sealed record Factors(bool Authenticator, int RecoveryCodesLeft, IList<UserPasskeyInfo> Passkeys)
    {
        public bool Any => Authenticator || Passkeys.Count > 0;
    }
}
