using CbtProgram.Web.Accounts.Passwords;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

/// <summary>
/// Someone follows a set-password link (a new staff account, or a forgotten password) and chooses a password. The
/// link's token is taken off the address at once: the first request keeps it in a short-lived cookie and redirects
/// to the clean address, which shows the form. Nothing is checked until the password is sent, and every failure reads
/// alike, so the page never tells whether an address has an account.
/// </summary>
[AllowAnonymous]
[Route(SetPasswordLinks.Path)]
public sealed class SetPasswordController(PasswordSetting setting, LinkCookies cookies) : Controller
{
    public const string CookieName = "cbt.set-password";

    [HttpGet("")]
    public IActionResult Index(string? kind, string? user, string? token)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(user))
        {
            cookies.Keep(Response, CookieName, SetPasswordLinks.Path, new SetPasswordTicket(kind == "setup" ? SetPasswordKind.Setup : SetPasswordKind.Reset, user, token));
            return this.SeeOther(SetPasswordLinks.Path);
        }
        return Page(Ticket is null ? [PasswordSetting.LinkUnusable] : []);
    }

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Set(string? password, string? confirmPassword)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var problems = await setting.SetAsync(Ticket, password, confirmPassword);
        if (problems.Count > 0)
            return Page(problems);
        cookies.Forget(Response, CookieName, SetPasswordLinks.Path);
        TempData["Notice"] = "Your password is set. Sign in with it now.";
        return Redirect("/account/sign-in");
    }

    private SetPasswordTicket? Ticket => cookies.Read<SetPasswordTicket>(Request, CookieName);

    private ViewResult Page(IReadOnlyList<string> problems) => View("~/Views/Account/SetPassword.cshtml", new SetPasswordViewModel(problems));
}

public sealed record SetPasswordViewModel(IReadOnlyList<string> Problems);
