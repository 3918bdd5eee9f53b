using System.Globalization;
using CbtProgram.Web.Notifications;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>A way of signing in that changed; <see cref="WhatHappened"/> completes "…on 30 November 2026 at 14:05 UTC".</summary>
public sealed record CredentialChange(string Key, string WhatHappened)
{
    public static readonly CredentialChange PasswordChanged = new("password-changed", "The password of your CbtProgram account was changed");
    public static readonly CredentialChange PasswordReset = new("password-reset", "A new password was set for your CbtProgram account through a \"Forgot your password?\" link");
}

/// <summary>
/// Tells an account's owner, at its own address, whenever a way of signing in changes (password changed or reset;
/// authenticators and passkeys can use it too), so someone who took over the account cannot do it quietly.
/// </summary>
public sealed class CredentialChangeEmails(Outbox outbox, MailOptions mail, TimeProvider clock)
{
    public async Task QueueAsync(AppUser user, CredentialChange change)
    {
        if (string.IsNullOrEmpty(user.Email))
            return;
        var now = clock.GetUtcNow();
        await outbox.EnqueueAsync($"credential-change:{user.Id}:{change.Key}:{now.UtcTicks}", user.Email, "Your CbtProgram sign-in details changed",
            $"""
            Hello {user.DisplayName},

            {change.WhatHappened} on {now.ToString("d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture)} UTC.

            If this was you, there is nothing more to do.

            If this was not you, please choose a new password now at {mail.Link("/account/forgot-password")} and tell your clinic, so they can check your account.

            CbtProgram
            """);
    }
}
