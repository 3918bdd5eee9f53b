using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Crisis;

/// <summary>The crisis resources page: open to everyone, signed in or not.</summary>
[AllowAnonymous]
[Route("crisis")]
public sealed class CrisisController(IOptions<CrisisResourcesOptions> options) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View("~/Views/Crisis/Index.cshtml", options.Value);
}
