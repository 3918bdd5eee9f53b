using System.Diagnostics;
using CbtProgram.Web.Notifications;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// "Forgot your password?" for every role. The person at the keyboard always hears the same words, after at least
/// the same time (<see cref="MinimumDurationSetting"/>), whether or not the address has an account; only an account's
/// owner gets a link, in their own inbox, queued through the outbox with the link sealed.
/// </summary>
public sealed class ForgottenPasswords(UserManager<AppUser> users, SetPasswordLinks links, Outbox outbox, IConfiguration configuration, TimeProvider clock)
{
    public const string MinimumDurationSetting = "Passwords:ForgotPasswordMinimumMilliseconds";
    public const int DefaultMinimumMilliseconds = 500;

    public async Task RequestAsync(string email)
    {
        var started = Stopwatch.GetTimestamp();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user?.Email is not null)
        {
            var link = await links.CreateAsync(user, SetPasswordKind.Reset);
            await outbox.EnqueueWithSecretLinkAsync($"password-reset:{user.Id}:{clock.GetUtcNow().UtcTicks}", user.Email, "Choose a new CbtProgram password",
                $"""
                Hello {user.DisplayName},

                Someone asked to reset the password of your CbtProgram account. If it was you, choose a new password here:

                {link}

                The link works once, for {PasswordsSetup.ResetLinkLifetime.TotalHours:0} hours. If it has expired, ask for a new one from the sign-in page.

                If it was not you, you do not need to do anything: your password has not changed.

                CbtProgram
                """);
        }
        // Hides how long the lookup and the queueing took: an address with an account answers no later than one without.
        var left = TimeSpan.FromMilliseconds(configuration.GetValue(MinimumDurationSetting, DefaultMinimumMilliseconds)) - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
            await Task.Delay(left);
    }
}
