using System.Globalization;
using CbtProgram.Web.Notifications;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>A way of signing in that changed; <see cref="WhatHappened"/> completes "…on 30 November 2026 at 14:05 UTC".</summary>
public sealed record CredentialChange(string Key, string WhatHappened)
{
    public static readonly CredentialChange PasswordChanged = new("password-changed", "The password of your CbtProgram account was changed");
    public static readonly CredentialChange PasswordReset = new("password-reset", "A new password was set for your CbtProgram account through a \"Forgot your password?\" link");
    public static readonly CredentialChange AuthenticatorAdded = new("authenticator-added", "An authenticator app was added to your CbtProgram account");
    public static readonly CredentialChange AuthenticatorRemoved = new("authenticator-removed", "The authenticator app was removed from your CbtProgram account");
    public static readonly CredentialChange RecoveryCodesReplaced = new("recovery-codes-replaced", "New recovery codes were made for your CbtProgram account, and the old ones stopped working");
    public static readonly CredentialChange PasskeyAdded = new("passkey-added", "A passkey was added to your CbtProgram account");
    public static readonly CredentialChange PasskeyRemoved = new("passkey-removed", "A passkey was removed from your CbtProgram account");
}

/// <summary>
/// Tells an account's owner, at its own address, whenever a way of signing in changes (password changed or reset,
/// authenticator app, recovery codes, passkeys), so someone who took over the account cannot do it quietly; and records
/// the change in the audit log.
/// </summary>
public sealed class CredentialChangeEmails(Outbox outbox, MailOptions mail, TimeProvider clock, Care.AuditLog audit)
{
    public const string AuditAction = "changed sign-in details";

    public async Task QueueAsync(AppUser user, CredentialChange change)
    {
        await audit.RecordNowAsync(user.Id, null, AuditAction, change.Key);
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
