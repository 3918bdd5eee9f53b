using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Scheduling;

/// <summary>The calendar feed: calendar apps fetch it without signing in, so the secret in the link is the key.</summary>
[AllowAnonymous]
[Route("calendar")]
public sealed class CalendarController(CalendarFeed feed) : Controller
{
    [HttpGet("{token}.ics")]
    public async Task<IActionResult> Feed(string token)
    {
        var ics = await feed.ForTokenAsync(token);
        if (ics is null)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        return Content(ics, "text/calendar; charset=utf-8");
    }
}
