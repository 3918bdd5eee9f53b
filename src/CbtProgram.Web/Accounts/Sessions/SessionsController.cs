using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts.Sessions;

/// <summary>Where a signed-in person sees the devices they are signed in on and signs any of them out.</summary>
[Authorize]
[Route("account/sessions")]
public sealed class SessionsController(UserSessions sessions) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        View("~/Views/Account/Sessions.cshtml", new SessionsViewModel(await sessions.ActiveAsync(User.UserId()!), HttpContext.CurrentSessionId()));

    [HttpPost("{sessionId:guid}/sign-out")]
    public async Task<IActionResult> SignOutOne(Guid sessionId)
    {
        if (sessionId == HttpContext.CurrentSessionId())
        {
            TempData["Notice"] = "To sign out of this device, use the Sign out button at the top of the page.";
            return Redirect("/account/sessions");
        }
        TempData["Notice"] = await sessions.RevokeAsync(User.UserId()!, sessionId, "signed out from another device")
            ? "Done: that device is signed out. It will need your password to come back."
            : "That device was already signed out.";
        return Redirect("/account/sessions");
    }

    [HttpPost("sign-out-others")]
    public async Task<IActionResult> SignOutOthers()
    {
        var count = await sessions.RevokeAllAsync(User.UserId()!, "signed out everywhere else", keep: HttpContext.CurrentSessionId());
        TempData["Notice"] = count == 0 ? "You were not signed in anywhere else." : $"Done: signed out of {count} other {(count == 1 ? "device" : "devices")}.";
        return Redirect("/account/sessions");
    }
}

public sealed record SessionsViewModel(IReadOnlyList<UserSession> Sessions, Guid? Current);
