using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// What a failed sign-in says: the same words, after about the same work, whether the address is unknown, the password
/// wrong, or the account locked, so the sign-in form tells nobody who has an account here. The owner of a locked account
/// hears about it by email instead (<see cref="AccountOwnerEmails.QueueLockedOutAsync"/>).
/// </summary>
public sealed class SignInFailures(UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, AccountOwnerEmails owners)
{
    public static readonly string Message =
        "That email address and password do not match. Check them and try again. After too many wrong tries, " +
        $"an account is locked for {AccountsSetup.LockoutDuration.TotalMinutes:0} minutes and its owner gets an email saying so.";

    private static readonly AppUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static readonly Lazy<string> NobodysHash = new(() => new PasswordHasher<AppUser>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<string> HandleAsync(string email, string password, SignInResult result)
    {
        var user = await users.FindByEmailAsync(email);
        // Identity checks no password for an unknown, locked or not-allowed account: hash one anyway, so the answer takes as long.
        if (user is null || result.IsLockedOut || result.IsNotAllowed)
            hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password);
        if (user is not null && result.IsLockedOut && await users.GetLockoutEndDateAsync(user) is { } lockedUntil)
            await owners.QueueLockedOutAsync(user, lockedUntil);
        return Message;
    }
}
