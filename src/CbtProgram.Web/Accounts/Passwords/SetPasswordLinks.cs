using CbtProgram.Web.Notifications;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Passwords;

public enum SetPasswordKind
{
    /// <summary>A new staff account's first password (<see cref="AccountSetupTokenProvider"/>, 3 days).</summary>
    Setup,
    /// <summary>A forgotten password (Identity's reset token, <see cref="PasswordsSetup.ResetLinkLifetime"/>).</summary>
    Reset,
}

/// <summary>
/// The one builder of set-password links, for staff set-up and forgotten passwords alike. The link's token is taken
/// off the address at its first use (<see cref="SetPasswordController"/>) and kept only in a short-lived cookie.
/// </summary>
public sealed class SetPasswordLinks(UserManager<AppUser> users, MailOptions mail)
{
    public const string Path = "/account/set-password";

    public async Task<string> CreateAsync(AppUser user, SetPasswordKind kind)
    {
        var token = kind == SetPasswordKind.Setup
            ? await users.GenerateUserTokenAsync(user, AccountSetupTokenProvider.ProviderName, UserManager<AppUser>.ResetPasswordTokenPurpose)
            : await users.GeneratePasswordResetTokenAsync(user);
        return mail.Link($"{Path}?kind={kind.ToString().ToLowerInvariant()}&user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}");
    }
}
