using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Accounts;

/// <summary>The header's low-stimulus switch: a plain form post (no script needed) that remembers the choice and returns to the page.</summary>
[Authorize]
[Route("account/low-stimulus")]
public sealed class LowStimulusController(UserManager<AppUser> users, SignInManager<AppUser> signIn) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Switch(bool on, string? returnUrl)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        user.LowStimulus = on;
        Check(await users.UpdateAsync(user));
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == LowStimulusMode.ChosenClaim))
            Check(await users.AddClaimAsync(user, new Claim(LowStimulusMode.ChosenClaim, "yes")));
        // A fresh cookie carries the new choice, so the very next page is drawn in it.
        await signIn.RefreshSignInAsync(user);
        return Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
