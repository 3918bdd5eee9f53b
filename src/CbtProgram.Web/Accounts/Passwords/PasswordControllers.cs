using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using CbtProgram.Web.Security.RateLimits;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>"Forgot your password?": the same page, the same words, for an address with or without an account.</summary>
[AllowAnonymous]
[Route("account/forgot-password")]
public sealed class ForgotPasswordController(ForgottenPasswords forgotten) : Controller
{
    public const string Sent = "If this address has a CbtProgram account, we have sent it an email with a link to choose a new password. The link works for 2 hours. Check your junk folder too.";

    [HttpGet("")]
    public IActionResult Index() => View("~/Views/Account/ForgotPassword.cshtml", new ForgotPasswordViewModel("", null, null));

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Send(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || !new EmailAddressAttribute().IsValid(email.Trim()))
            return View("~/Views/Account/ForgotPassword.cshtml", new ForgotPasswordViewModel(email ?? "", "Enter an email address like name@example.org.", null));
        await forgotten.RequestAsync(email);
        return View("~/Views/Account/ForgotPassword.cshtml", new ForgotPasswordViewModel("", null, Sent));
    }
}

public sealed record ForgotPasswordViewModel(string Email, string? Problem, string? Notice);

/// <summary>Every signed-in person can change their password; they are told by email afterwards.</summary>
[Authorize]
[Route("account/password")]
public sealed class ChangePasswordController(UserManager<AppUser> users, SignInManager<AppUser> signIn, CredentialChangeEmails emails,
    Sessions.UserSessions sessions) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View("~/Views/Account/ChangePassword.cshtml", new ChangePasswordViewModel([]));

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.AccountForms)]
    public async Task<IActionResult> Change(string? currentPassword, string? newPassword, string? confirmPassword)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        var problems = new List<string>();
        if (string.IsNullOrEmpty(currentPassword))
            problems.Add("Type your current password.");
        if (string.IsNullOrEmpty(newPassword))
            problems.Add("Choose a new password.");
        else if (newPassword != confirmPassword)
            problems.Add("The two new passwords are not the same. Type them again.");
        if (problems.Count == 0)
        {
            var result = await users.ChangePasswordAsync(user, currentPassword!, newPassword!);
            if (result.Succeeded)
            {
                // Every other browser signed in with the old password is signed out; this one carries on.
                await sessions.RevokeAllAsync(user.Id, "password changed", keep: Sessions.SessionCookie.CurrentSessionId(HttpContext));
                await signIn.RefreshSignInAsync(user);
                await emails.QueueAsync(user, CredentialChange.PasswordChanged);
                TempData["Notice"] = "Your password is changed. We have sent you an email to say so.";
                return Redirect(AccountController.HomeFor(await users.GetRolesAsync(user)));
            }
            problems.AddRange(result.Errors.Select(e => e.Description).Distinct());
        }
        return View("~/Views/Account/ChangePassword.cshtml", new ChangePasswordViewModel(problems));
    }
}

public sealed record ChangePasswordViewModel(IReadOnlyList<string> Problems);
