using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>Second factors (authenticator apps, recovery codes, passkeys), the staff requirement and re-authentication.</summary>
public static class MfaSetup
{
    /// <summary>The "amr" (authentication methods) claim Identity writes into the sign-in cookie.</summary>
    public const string AmrClaim = "amr";
    /// <summary>The amr value of a session that began with a second factor: Identity's own for a code, ours for a passkey.</summary>
    public const string MultiFactor = "mfa";

    public static IServiceCollection AddCbtMfa(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(MfaOptions.From(configuration, environment));
        services.Configure<IdentityOptions>(options =>
        {
            // Adds Identity's passkeys table (AspNetUserPasskeys).
            options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        });
        services.Configure<IdentityPasskeyOptions>(options =>
        {
            options.UserVerificationRequirement = "required";
            options.ResidentKeyRequirement = "required";
            if (configuration["Accounts:PasskeyServerDomain"] is { Length: > 0 } domain)
                options.ServerDomain = domain;
        });
        // The cookie is re-issued when Identity checks the security stamp; keep how the session was proved.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            var identity = context.NewPrincipal?.Identities.FirstOrDefault();
            if (identity is not null && !identity.HasClaim(c => c.Type == AmrClaim))
                foreach (var amr in context.CurrentPrincipal?.FindAll(AmrClaim) ?? [])
                    identity.AddClaim(new Claim(AmrClaim, amr.Value));
            return Task.CompletedTask;
        });
        services.AddDataProtection();
        services.Replace(ServiceDescriptor.Scoped<IUserStore<AppUser>, SecretKeepingUserStore>());
        services.AddSingleton<RecentSignIn>();
        services.AddSingleton<AuthenticatorQr>();
        services.AddScoped<SecondFactors>();
        return services;
    }

    /// <summary>Staff whose session began without a second factor see only the set-up pages (see <see cref="StaffMfaGate"/>).</summary>
    public static IApplicationBuilder UseCbtStaffMfa(this IApplicationBuilder app) => app.UseMiddleware<StaffMfaGate>();

    public static bool SessionUsedSecondFactor(this ClaimsPrincipal user) =>
        user.HasClaim(AmrClaim, MultiFactor);
}

/// <summary>Settings of the MFA slice (README, Security).</summary>
public sealed record MfaOptions(bool RequireStaffMfa, TimeSpan RecentSignInWindow)
{
    public const string RequireStaffMfaSetting = "Accounts:RequireStaffMfa";
    public const string RecentSignInMinutesSetting = "Accounts:RecentSignInMinutes";

    /// <summary>Staff MFA is on outside Development unless set; re-authentication lasts 5 minutes unless set.</summary>
    public static MfaOptions From(IConfiguration configuration, IHostEnvironment environment) => new(
        configuration.GetValue(RequireStaffMfaSetting, !environment.IsDevelopment()),
        TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue(RecentSignInMinutesSetting, 5))));
}
