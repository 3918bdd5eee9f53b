using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// Proof that the person at the keyboard showed, a moment ago, that they are the account's owner (a password, a code or a
/// passkey). It lives in its own short cookie, encrypted and signed with Data Protection and bound to the user id, so it does
/// not depend on the sign-in cookie or its session record, and proving it again never signs anyone in again.
/// </summary>
public sealed class RecentSignIn(IDataProtectionProvider protection, MfaOptions options, TimeProvider clock)
{
    public const string CookieName = "cbt.recent-sign-in";
    private readonly IDataProtector _protector = protection.CreateProtector("CbtProgram.Accounts.Mfa.RecentSignIn.v1");

    /// <summary>Records that <paramref name="userId"/> proved it is them now.</summary>
    public void Stamp(HttpContext http, string userId)
    {
        var proof = $"{userId}|{clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        http.Response.Cookies.Append(CookieName, _protector.Protect(proof), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
    }

    public void Forget(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    /// <summary>True when the signed-in user proved it is them within the window (<see cref="MfaOptions.RecentSignInWindow"/>).</summary>
    public bool IsFresh(HttpContext http)
    {
        var userId = http.User.UserId();
        if (userId is null || !http.Request.Cookies.TryGetValue(CookieName, out var protectedProof) || protectedProof is null)
            return false;
        string proof;
        try
        {
            proof = _protector.Unprotect(protectedProof);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
        var parts = proof.Split('|');
        if (parts.Length != 2 || parts[0] != userId || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age >= TimeSpan.FromSeconds(-5) && age <= options.RecentSignInWindow;
    }
}

public static class RecentSignInExtensions
{
    /// <summary>For sign-in code outside this folder: the password just proved it is them.</summary>
    public static void StampRecentSignIn(this HttpContext http, string userId) =>
        http.RequestServices.GetRequiredService<RecentSignIn>().Stamp(http, userId);

    public static void ForgetRecentSignIn(this HttpContext http) =>
        http.RequestServices.GetRequiredService<RecentSignIn>().Forget(http);
}
