using CbtProgram.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Controllers;

/// <summary>The front door: a short welcome for visitors, and each signed-in person's own start page.</summary>
[AllowAnonymous]
public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index()
    {
        if (User.Identity?.IsAuthenticated != true)
            return View("~/Views/Home/Index.cshtml");
        var roles = Security.Roles.All.Where(User.IsInRole);
        return Redirect(AccountController.HomeFor(roles));
    }
}
