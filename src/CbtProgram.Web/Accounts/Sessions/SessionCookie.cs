using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>
/// Ties the sign-in cookie to its server-side session through the cookie's own events, so every way of signing in
/// (password, authenticator code, passkey, a refreshed sign-in) gets a session record and every request checks it.
/// </summary>
public static class SessionCookie
{
    /// <summary>The session key, kept inside the encrypted cookie's properties.</summary>
    public const string KeyItem = "cbt.session";

    private const string CurrentSessionItem = "cbt.session.id";

    /// <summary>The current request's session id, once the cookie has been checked.</summary>
    public static Guid? CurrentSessionId(this HttpContext http) => http.Items[CurrentSessionItem] as Guid?;

    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.UserId() is not { } userId)
            return;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        // A refreshed sign-in (new claims for the same browser) keeps the session it already has.
        if (context.Properties.Items.TryGetValue(KeyItem, out var existing) && existing is not null
            && await sessions.CheckAsync(existing, userId) is not null)
            return;
        var roles = context.Principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        var request = context.HttpContext;
        var (session, key) = await sessions.StartAsync(userId, roles, context.Properties.IsPersistent,
            request.Connection.RemoteIpAddress?.ToString(), request.Request.Headers.UserAgent.ToString());
        context.Properties.Items[KeyItem] = key;
        context.Properties.IsPersistent = session.Persistent;
        context.Properties.IssuedUtc = session.CreatedAt;
        context.Properties.ExpiresUtc = session.ExpiresAt;
        // Signing in again in a signed-in browser (a second factor set up, a passkey used) replaces its cookie: the
        // session behind the old cookie ends with it, rather than lingering as a second device until it idles out.
        if (request.CurrentSessionId() is { } replaced && request.User.UserId() == userId)
            await sessions.RevokeAsync(userId, replaced, "replaced by a new sign-in in the same browser");
        request.Items[CurrentSessionItem] = session.Id;
    }

    /// <summary>
    /// True when the cookie's session may be used; otherwise the browser is signed out. Reads the request is sure to make
    /// once let in (<see cref="ISessionCheckRider"/>, named by the page's metadata) go in the check's round trip.
    /// </summary>
    public static async Task<bool> ValidateAsync(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.UserId();
        var key = context.Properties.Items.TryGetValue(KeyItem, out var value) ? value : null;
        var services = context.HttpContext.RequestServices;
        var riders = context.HttpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<IRidesWithSessionCheck>() ?? [];
        var sessionId = userId is null || key is null ? null
            : await services.GetRequiredService<UserSessions>().CheckAsync(key, userId, riders.Count == 0 ? null : batch => riders
                .Select(r => (ISessionCheckRider)services.GetRequiredService(r.Rider))
                .Where(rider => rider.AddTo(batch, context.Principal!, userId)).ToList());
        if (sessionId is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return false;
        }
        context.HttpContext.Items[CurrentSessionItem] = sessionId;
        return true;
    }

    /// <summary>Signing out ends the session on the server too, so a copy of the cookie stops working.</summary>
    public static async Task SigningOutAsync(CookieSigningOutContext context)
    {
        if (context.HttpContext.CurrentSessionId() is { } sessionId && context.HttpContext.User.UserId() is { } userId)
            await context.HttpContext.RequestServices.GetRequiredService<UserSessions>().RevokeAsync(userId, sessionId, "signed out");
    }
}
