using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;

namespace CbtProgram.Web.Accounts;

/// <summary>Which theme a page is drawn in. Decided on the server, from the sign-in cookie, so nothing flashes.</summary>
public enum Theme
{
    /// <summary>No choice made (or signed out): the low-stimulus theme when the device asks for a dark one.</summary>
    FollowDevice,
    LowStimulus,
    Standard,
}

/// <summary>
/// The low-stimulus mode: a calm, dark, low-glare theme for use during or near a migraine, switched in the header and
/// remembered per account (<see cref="AppUser.LowStimulus"/>). The sign-in cookie carries the choice as a claim.
/// </summary>
public static class LowStimulusMode
{
    /// <summary>"on" or "off" in the sign-in cookie; absent while the person has never used the switch.</summary>
    public const string ThemeClaim = "low_stimulus";

    /// <summary>
    /// Kept in the account's Identity claims once the switch has been used: AppUser.LowStimulus alone cannot tell
    /// "chose off" (always the standard theme) from "never chose" (follow the device).
    /// </summary>
    public const string ChosenClaim = "low_stimulus_chosen";

    public static Theme ThemeFor(ClaimsPrincipal user) => user.FindFirstValue(ThemeClaim) switch
    {
        "on" => Theme.LowStimulus,
        "off" => Theme.Standard,
        _ => Theme.FollowDevice,
    };

    /// <summary>The claim for the cookie, or null while the person has not chosen.</summary>
    public static Claim? ClaimFor(AppUser user, bool hasChosen) =>
        user.LowStimulus || hasChosen ? new Claim(ThemeClaim, user.LowStimulus ? "on" : "off") : null;

    /// <summary>The value of the html element's data-theme attribute.</summary>
    public static string AttributeValue(Theme theme) => theme switch
    {
        Theme.LowStimulus => "low-stimulus",
        Theme.Standard => "standard",
        _ => "device",
    };

    /// <summary>The media the low-stimulus stylesheet applies to, or null when it is not linked at all.</summary>
    public static string? StylesheetMedia(Theme theme) => theme switch
    {
        Theme.LowStimulus => "all",
        Theme.FollowDevice => "(prefers-color-scheme: dark)",
        _ => null,
    };

    /// <summary>Where the switch returns to: the page it was pressed on.</summary>
    public static string ReturnUrlFor(HttpContext context)
    {
        // An error page is shown in place of the page asked for: return to that page.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecuted)
            return reExecuted.OriginalPathBase + reExecuted.OriginalPath + reExecuted.OriginalQueryString;
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method))
            return request.PathBase + request.Path + request.QueryString;
        // A page drawn in answer to a form (its problems shown) has no address of its own: go back to the form's page.
        return Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
               && referer.Authority == request.Host.Value
            ? referer.PathAndQuery
            : "/";
    }
}
