using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// A sensitive action: the signed-in person must have proved it is them (password, code or passkey) in the last few
/// minutes (<see cref="MfaOptions.RecentSignInWindow"/>). If not, they are sent to the confirm page and then back to the page
/// they were on: the page itself for a GET, the page the form was on for anything else (a form is never replayed).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresRecentSignInAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true)
            return; // the [Authorize] on the action sends strangers to sign in
        if (http.RequestServices.GetRequiredService<RecentSignIn>().IsFresh(http))
            return;
        var back = HttpMethods.IsGet(http.Request.Method)
            ? $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}"
            : SamePageFromReferer(http) ?? "/";
        context.Result = new RedirectResult(ConfirmIdentityController.PathFor(back));
    }

    private static string? SamePageFromReferer(HttpContext http) =>
        Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
        && string.Equals(referer.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? referer.PathAndQuery
            : null;
}
