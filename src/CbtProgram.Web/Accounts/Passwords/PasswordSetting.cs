using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// Sets a password from a set-password link, for a new staff account and a forgotten password alike. Every way the
/// link can fail (no such account, wrong, expired or used token) gives the same answer, so the page tells nobody
/// whether an address has an account. Success unlocks the account, signs it out everywhere and emails its owner.
/// </summary>
public sealed class PasswordSetting(UserManager<AppUser> users, CredentialChangeEmails emails, Sessions.UserSessions sessions)
{
    public const string LinkUnusable = "This link has expired or was used already. You can ask for a new one: choose \"Forgot your password?\" on the sign-in page.";

    public async Task<IReadOnlyList<string>> SetAsync(SetPasswordTicket? ticket, string? password, string? confirmPassword)
    {
        if (string.IsNullOrEmpty(password))
            return ["Choose a password."];
        if (password != confirmPassword)
            return ["The two passwords are not the same. Type them again."];
        var user = ticket is null ? null : await users.FindByIdAsync(ticket.UserId);
        if (user is null || !await IsValidAsync(user, ticket!))
            return [LinkUnusable];
        // The link's own token has been checked; a fresh reset token lets Identity validate, hash and save in one step.
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!result.Succeeded)
            return result.Errors.Select(e => e.Description).Distinct().ToList();
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await sessions.RevokeAllAsync(user.Id, "a new password was set from an emailed link"); // whoever knew the old one is signed out
        if (ticket!.Kind == SetPasswordKind.Reset)
            await emails.QueueAsync(user, CredentialChange.PasswordReset);
        return [];
    }

    private Task<bool> IsValidAsync(AppUser user, SetPasswordTicket ticket) =>
        users.VerifyUserTokenAsync(user, ticket.Kind == SetPasswordKind.Setup ? AccountSetupTokenProvider.ProviderName : users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<AppUser>.ResetPasswordTokenPurpose, ticket.Token);
}
