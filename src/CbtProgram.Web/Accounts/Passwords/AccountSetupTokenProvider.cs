using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// The link a new staff member gets to choose their first password lasts longer than a reset link (people start on
/// Monday, not within two hours); like it, it stops working once any password is set (it is bound to the security stamp).
/// </summary>
public sealed class AccountSetupTokenProvider(
    IDataProtectionProvider protection, IOptions<AccountSetupTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<AppUser>> logger)
    : DataProtectorTokenProvider<AppUser>(protection, options, logger)
{
    public const string ProviderName = "AccountSetup";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3);
}

public sealed class AccountSetupTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public AccountSetupTokenProviderOptions()
    {
        Name = AccountSetupTokenProvider.ProviderName;
        TokenLifespan = AccountSetupTokenProvider.Lifetime;
    }
}
