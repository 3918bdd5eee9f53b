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
                options.SignIn.RequireConfirmedAccount = false;
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
            cookie.Cookie.Name = "cbt.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
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
