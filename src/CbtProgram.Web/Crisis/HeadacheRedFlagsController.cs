using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Crisis;

/// <summary>
/// "When a headache needs urgent medical help": the headache red flags in plain words, with the deployment's crisis
/// contacts. Open to everyone, signed in or not, like the crisis page; linked from it, from the consent and from weeks 1 and 11.
/// </summary>
[AllowAnonymous]
[Route(Path)]
public sealed class HeadacheRedFlagsController(IOptions<CrisisResourcesOptions> options) : Controller
{
    public const string Path = "help/headache-red-flags";

    [HttpGet("")]
    public IActionResult Index() => View("~/Views/Crisis/HeadacheRedFlags.cshtml", options.Value);
}
