using System.Globalization;
using CbtProgram.Web.Notifications;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// What the site tells an account's owner, at their own address, instead of telling whoever is at the keyboard: that
/// the account is locked, or that someone tried to register with their address. The page says the same as it would for
/// an address with no account, so nobody learns that a person uses this (mental-health) service.
/// </summary>
public sealed class AccountOwnerEmails(Outbox outbox, MailOptions mail)
{
    /// <summary>Once per lockout (the key holds its end).</summary>
    public Task QueueLockedOutAsync(AppUser user, DateTimeOffset lockedUntil) =>
        QueueAsync($"account-locked:{user.Id}:{lockedUntil.ToUnixTimeSeconds()}", user, "Your CbtProgram account is locked for a while",
            $"""
            Someone typed the wrong password for your CbtProgram account {AccountsSetup.MaxFailedSignIns} times, so we have locked it to keep it safe.

            It unlocks by itself at {lockedUntil.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}. You can also unlock it now by choosing a new password at {mail.Link("/account/forgot-password")}.

            If this was not you, please choose a new password, and tell your clinic.
            """);

    /// <summary>Once a day at most for each account, however often someone tries.</summary>
    public Task QueueRegistrationAttemptAsync(AppUser user, DateOnly today) =>
        QueueAsync($"registration-attempt:{user.Id}:{today:yyyy-MM-dd}", user, "Someone tried to make a CbtProgram account with your address",
            $"""
            Someone tried to make a new CbtProgram account with this email address. You already have one, so nothing was changed.

            If it was you, sign in at {mail.Link("/account/sign-in")}. If you have forgotten your password, choose a new one at {mail.Link("/account/forgot-password")}.

            If it was not you, you do not need to do anything.
            """);

    /// <summary>Once a day at most for each account.</summary>
    public Task QueueInvitedAgainAsync(AppUser user, DateOnly today) =>
        QueueAsync($"invited-again:{user.Id}:{today:yyyy-MM-dd}", user, "Your clinic tried to invite you to CbtProgram",
            $"""
            Your clinic tried to send you an invitation to CbtProgram, but you already have an account with this email address, so nothing was changed.

            Sign in at {mail.Link("/account/sign-in")}. If you have forgotten your password, choose a new one at {mail.Link("/account/forgot-password")}.
            """);

    private Task QueueAsync(string key, AppUser user, string subject, string text) =>
        string.IsNullOrEmpty(user.Email) ? Task.CompletedTask : outbox.EnqueueAsync(key, user.Email, subject,
            $"""
            Hello {user.DisplayName},

            {text}

            CbtProgram
            """);
}
