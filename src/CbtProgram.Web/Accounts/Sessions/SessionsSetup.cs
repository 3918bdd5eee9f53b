using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>Server-side sessions, their timeouts and the site's cookie names and flags.</summary>
public static class SessionsSetup
{
    public const string AuthCookie = "__Host-cbt.auth";
    public const string AntiforgeryCookie = "__Host-cbt.antiforgery";

    public static IServiceCollection AddCbtSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SessionSettings>(configuration.GetSection(SessionSettings.Section));
        services.AddScoped<UserSessions>();
        services.ConfigureApplicationCookie(ConfigureAuthCookie);
        return services;
    }

    /// <summary>
    /// <c>__Host-</c> names: Secure, whole-site path, no domain, so no other site or plain-HTTP page can set or read them.
    /// The cookie's own expiry is only an upper bound; the session record decides (idle and absolute limits).
    /// </summary>
    private static void ConfigureAuthCookie(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = AuthCookie;
        cookie.Cookie.Path = "/";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        // Lax, not Strict: a link from an email to a patient's page must arrive signed in.
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.SlidingExpiration = false;
        var stampCheck = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnSigningIn = SessionCookie.SigningInAsync;
        cookie.Events.OnSigningOut = SessionCookie.SigningOutAsync;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            if (await SessionCookie.ValidateAsync(context))
                await stampCheck(context);
        };
    }

    /// <remarks>
    /// Antiforgery refuses to run on a plain-HTTP request when its own policy says Always, which would break
    /// <c>dotnet run</c> on http://localhost; <see cref="CookiePolicy"/> marks the cookie Secure on the way out instead.
    /// </remarks>
    public static void ConfigureAntiforgery(AntiforgeryOptions options)
    {
        options.Cookie.Name = AntiforgeryCookie;
        options.Cookie.Path = "/";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.SameSite = SameSiteMode.Strict;
    }

    /// <summary>Every cookie the site sets is Secure, whatever the request (browsers accept them from http://localhost).</summary>
    public static readonly CookiePolicyOptions CookiePolicy = new() { Secure = CookieSecurePolicy.Always };
}
