using CbtProgram.Web.Accounts.Passwords;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

/// <summary>
/// A new patient follows their invitation link and chooses a password; the link then stops working. The token is
/// taken off the address at once (kept in a short-lived cookie, <see cref="LinkCookies"/>), so the form lives at
/// <see cref="AcceptPath"/>.
/// </summary>
[AllowAnonymous]
[Route("invitations")]
public sealed class InvitationsController(Invitations invitations, SignInManager<AppUser> signIn, LinkCookies cookies) : Controller
{
    public const string AcceptPath = "/invitations/accept";
    private const string CookieName = "cbt.invitation";

    [HttpGet("{token}")]
    public IActionResult Follow(string token)
    {
        cookies.Keep(Response, CookieName, "/invitations", new InvitationTicket(token));
        return this.SeeOther(AcceptPath);
    }

    [HttpGet("accept")]
    public async Task<IActionResult> Accept()
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var invitation = await invitations.FindUsableAsync(Ticket?.Token ?? "");
        return invitation is null ? Unusable() : View("~/Views/Invitations/Accept.cshtml", new AcceptInvitationViewModel(invitation.DisplayName, invitation.Email, []));
    }

    [HttpPost("accept")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Accept(string? password, string? confirmPassword)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var invitation = await invitations.FindUsableAsync(Ticket?.Token ?? "");
        if (invitation is null)
            return Unusable();
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
            problems.Add("Choose a password.");
        else if (password != confirmPassword)
            problems.Add("The two passwords are not the same. Type them again.");
        if (problems.Count == 0)
        {
            var (user, errors) = await invitations.AcceptAsync(invitation, password!);
            if (user is not null)
            {
                cookies.Forget(Response, CookieName, "/invitations");
                await signIn.SignInAsync(user, isPersistent: false);
                return Redirect("/patient");
            }
            problems.AddRange(errors);
        }
        return View("~/Views/Invitations/Accept.cshtml", new AcceptInvitationViewModel(invitation.DisplayName, invitation.Email, problems));
    }

    private InvitationTicket? Ticket => cookies.Read<InvitationTicket>(Request, CookieName);

    private ViewResult Unusable()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Views/Invitations/Unusable.cshtml");
    }
}

public sealed record InvitationTicket(string Token);

public sealed record AcceptInvitationViewModel(string Name, string Email, IReadOnlyList<string> Problems);
