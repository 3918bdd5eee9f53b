using CbtProgram.Web.Crisis;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.App;

/// <summary>
/// The installable app's open pages: the page shown when there is no connection (kept on the device, so it must
/// show no one's details: the service worker fetches it without cookies) and the list of files to keep.
/// </summary>
[AllowAnonymous]
public sealed class AppController(IOptions<CrisisResourcesOptions> crisis, OfflineAssets assets) : Controller
{
    [HttpGet("offline")]
    public IActionResult Offline() => View("~/Views/App/Offline.cshtml", crisis.Value);

    [HttpGet("app/precache")]
    public IActionResult Precache()
    {
        Response.Headers.CacheControl = "no-store";
        return Json(new { version = assets.Version, urls = assets.Urls, pages = new[] { "/offline" } });
    }
}
