using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Accounts;

/// <summary>A new patient follows their invitation link and chooses a password; the link then stops working.</summary>
[AllowAnonymous]
[Route("invitations")]
public sealed class InvitationsController(Invitations invitations, SignInManager<AppUser> signIn) : Controller
{
    [HttpGet("{token}")]
    public async Task<IActionResult> Accept(string token)
    {
        var invitation = await invitations.FindUsableAsync(token);
        return invitation is null ? Unusable() : View("~/Views/Invitations/Accept.cshtml", new AcceptInvitationViewModel(invitation.DisplayName, invitation.Email, []));
    }

    [HttpPost("{token}")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Accept(string token, string? password, string? confirmPassword)
    {
        var invitation = await invitations.FindUsableAsync(token);
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
                await signIn.SignInAsync(user, isPersistent: false);
                return Redirect("/patient");
            }
            problems.AddRange(errors);
        }
        return View("~/Views/Invitations/Accept.cshtml", new AcceptInvitationViewModel(invitation.DisplayName, invitation.Email, problems));
    }

    private ViewResult Unusable()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("~/Views/Invitations/Unusable.cshtml");
    }
}

public sealed record AcceptInvitationViewModel(string Name, string Email, IReadOnlyList<string> Problems);
