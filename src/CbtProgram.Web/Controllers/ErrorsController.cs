using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Controllers;

/// <summary>Friendly pages for 403, 404 and 500, in the product's style, with a way back. Never a stack trace.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/error/{status:int}")]
    public IActionResult Status(int status)
    {
        if (status == StatusCodes.Status429TooManyRequests)
            return new Security.RateLimits.TooManyRequestsResult(TimeSpan.FromMinutes(1));
        Response.StatusCode = status is >= 400 and < 600 ? status : 500;
        return View("~/Views/Errors/Status.cshtml", Response.StatusCode);
    }

    [Route("/error")]
    public IActionResult Unhandled()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("~/Views/Errors/Status.cshtml", 500);
    }
}
