using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

/// <summary>A new therapist or admin follows the link in their email and chooses a password.</summary>
[AllowAnonymous]
[Route("account/set-password")]
public sealed class SetPasswordController(StaffAccounts accounts) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? email, string? token) => View("~/Views/Account/SetPassword.cshtml", new SetPasswordViewModel(email ?? "", token ?? "", []));

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Set(string? email, string? token, string? password, string? confirmPassword)
    {
        var problems = await accounts.SetPasswordAsync(email, token, password, confirmPassword);
        if (problems.Count == 0)
        {
            TempData["Notice"] = "Your password is set. Sign in with it now.";
            return Redirect("/account/sign-in");
        }
        return View("~/Views/Account/SetPassword.cshtml", new SetPasswordViewModel(email ?? "", token ?? "", problems));
    }
}

public sealed record SetPasswordViewModel(string Email, string Token, IReadOnlyList<string> Problems);
