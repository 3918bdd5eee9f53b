using CbtProgram.Web.Accounts.Passwords;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts;

public static class AccountsSetup
{
    /// <summary>Wrong passwords that lock an account, counted at most one per address a day (<see cref="Security.RateLimits.SignInThrottle"/>).</summary>
    public const int MaxFailedSignIns = 10;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddCbtAccounts(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // "Confirmed" means "not disabled" (Lifecycle/EnabledAccountCheck): every sign-in path refuses a disabled account.
                options.SignIn.RequireConfirmedAccount = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        services.AddCbtPasswords();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, Security.PatientAccessHandler>();
        services.AddScoped<StaffAccounts>();

        services.ConfigureApplicationCookie(cookie =>
        {
            // Name, flags and lifetimes: Sessions/SessionsSetup.cs.
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            // A signed-in person without the right role gets a plain 403 page, not a redirect.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        return services;
    }
}
