using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Audit;

/// <summary>
/// Sign-in, lockout and sign-out in the audit log, with the address and browser they came from. The typed email address
/// and password are never recorded: an attempt for an address with no account is recorded as "anonymous".
/// </summary>
public sealed class SecurityEvents(AuditLog audit, UserManager<AppUser> users)
{
    public Task SignedInAsync(string? userId) => audit.RecordNowAsync(userId ?? AuditActions.Anonymous, null, AuditActions.SignedIn);

    /// <summary>A refused password sign-in: a wrong password, or an account that is locked.</summary>
    public async Task SignInRefusedAsync(string email, SignInResult result)
    {
        var user = await users.FindByEmailAsync(email);
        if (result.RequiresTwoFactor)
            await audit.RecordNowAsync(user?.Id ?? AuditActions.Anonymous, null, AuditActions.SecondStepAsked);
        else if (result.IsLockedOut)
            await audit.RecordNowAsync(user?.Id ?? AuditActions.Anonymous, null, AuditActions.LockedOut,
                user?.LockoutEnd is { } end ? $"locked until {end.UtcDateTime:d MMM yyyy HH:mm} UTC" : null);
        else
            await audit.RecordNowAsync(user?.Id ?? AuditActions.Anonymous, null, AuditActions.SignInFailed,
                user is null ? "no account has that address" : result.IsNotAllowed ? "account not allowed to sign in" : "wrong password");
    }

    /// <summary>A wrong authenticator or recovery code after the right password.</summary>
    public Task SecondStepRefusedAsync(string userId, bool lockedOut) =>
        audit.RecordNowAsync(userId, null, lockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "wrong second-step code");

    public Task SignedOutAsync(string? userId) =>
        userId is null ? Task.CompletedTask : audit.RecordNowAsync(userId, null, AuditActions.SignedOut);
}
