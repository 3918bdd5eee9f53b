using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts.Passwords;

public static class PasswordsSetup
{
    /// <summary>A forgotten-password link works for this long (Identity's default token provider).</summary>
    public static readonly TimeSpan ResetLinkLifetime = TimeSpan.FromHours(2);

    /// <summary>Password rules (ASVS 2.1), the common-password list, and the set-password links; call after AddIdentity.</summary>
    public static IServiceCollection AddCbtPasswords(this IServiceCollection services)
    {
        services.Configure<IdentityOptions>(options =>
        {
            options.Password.RequiredLength = PasswordRules.MinimumLength;
            options.Password.RequireDigit = false;
            options.Password.RequireLowercase = false;
            options.Password.RequireUppercase = false;
            options.Password.RequireNonAlphanumeric = false;
            options.Password.RequiredUniqueChars = 1;
            options.Tokens.ProviderMap[AccountSetupTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(AccountSetupTokenProvider));
        });
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = ResetLinkLifetime);
        services.AddTransient<AccountSetupTokenProvider>();
        services.AddScoped<IPasswordValidator<AppUser>, CommonPasswordValidator>();
        services.AddScoped<IdentityErrorDescriber, PasswordErrorDescriber>();
        services.AddSingleton<LinkCookies>();
        services.AddScoped<SetPasswordLinks>();
        services.AddScoped<PasswordSetting>();
        services.AddScoped<ForgottenPasswords>();
        services.AddScoped<CredentialChangeEmails>();
        services.AddScoped<AccountOwnerEmails>();
        services.AddScoped<SignInFailures>();
        services.AddScoped<SelfRegistrations>();
        return services;
    }
}

/// <summary>Plain words for Identity's password refusals.</summary>
public sealed class PasswordErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new()
    {
        Code = nameof(PasswordTooShort),
        Description = $"Your password needs at least {length} characters. A few words together are easy to remember and hard to guess.",
    };

    public override IdentityError PasswordMismatch() => new()
    {
        Code = nameof(PasswordMismatch),
        Description = "Your current password is not right. Type it again.",
    };
}
