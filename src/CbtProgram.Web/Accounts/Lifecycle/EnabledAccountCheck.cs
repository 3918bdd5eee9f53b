using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Lifecycle;

/// <summary>
/// Identity asks this before every sign-in (password, authenticator code, passkey): a disabled account may not sign in.
/// The sign-in page shows its usual "do not match" answer, so a stranger cannot learn which accounts exist or are off.
/// </summary>
internal sealed class EnabledAccountCheck : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.DisabledAt is null);
}
