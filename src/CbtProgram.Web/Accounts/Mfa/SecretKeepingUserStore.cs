using System.Security.Cryptography;
using System.Text;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// Identity's own user store, except that it never keeps a second factor's secret in the clear (Identity keeps both as
/// plain text in AspNetUserTokens): the authenticator key is encrypted with Data Protection (whose keys are themselves
/// encrypted at rest), and recovery codes are kept only as slow, per-person hashes, so a copy of the database can
/// neither make codes nor sign in with a recovery code.
/// </summary>
public sealed class SecretKeepingUserStore(AppDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    private const string Sealed = "dp1:";
    private const int HashIterations = 50_000;
    private readonly IDataProtector _keys = protection.CreateProtector("CbtProgram.Accounts.AuthenticatorKey");

    public override Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, Sealed + _keys.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        // A key saved before keys were sealed is read as it is.
        return stored is not null && stored.StartsWith(Sealed, StringComparison.Ordinal) ? _keys.Unprotect(stored[Sealed.Length..]) : stored;
    }

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(code => HashOf(user, code)).ToList(), cancellationToken);

    public override Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken) =>
        base.RedeemCodeAsync(user, HashOf(user, code), cancellationToken);

    /// <summary>PBKDF2 of the code, salted with the person's id: the same code gives the same hash only for its owner.</summary>
    public static string HashOf(AppUser user, string code) =>
        Convert.ToHexString(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant()),
            Encoding.UTF8.GetBytes("cbt-recovery-code:" + user.Id), HashIterations, HashAlgorithmName.SHA256, 32));
}
