using CbtProgram.Web.Accounts.Passwords;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace CbtProgram.Web.Accounts;

/// <summary>
/// Admins create therapist and admin accounts. The account has no password until its owner chooses one through the
/// single-use link emailed to them (<see cref="SetPasswordLinks"/>: it expires, and stops working once used), the same
/// set-password flow as a forgotten password.
/// </summary>
public sealed class StaffAccounts(UserManager<AppUser> users, Outbox outbox, SetPasswordLinks links)
{
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.Therapist, Roles.ClinicalLead, Roles.Admin];

    /// <summary>Problems by field; empty when the account was created and its email queued.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CreateAsync(string? name, string? email, string? role)
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(name))
            problems["Name"] = "Enter the person's name as colleagues and patients will see it.";
        else if (name.Trim().Length > 120)
            problems["Name"] = "Keep the name under 120 characters.";
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim()))
            problems["Email"] = "Enter an email address like name@example.org.";
        else if (await users.FindByEmailAsync(email.Trim()) is not null)
            problems["Email"] = "Someone with this email address already has an account.";
        if (role is null || !StaffRoles.Contains(role))
            problems["Role"] = "Choose therapist or admin.";
        if (problems.Count > 0)
            return problems;

        var user = new AppUser { UserName = email!.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = name!.Trim() };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
            return new Dictionary<string, string> { ["Email"] = string.Join(" ", created.Errors.Select(e => e.Description)) };
        await users.AddToRoleAsync(user, role!);
        await SendSetPasswordLinkAsync(user, role!, $"staff-account:{user.Id}:email");
        return problems;
    }

    /// <summary>
    /// Sends a new set-password link to a staff member who has not chosen a password yet; the old link stops working.
    /// Null when sent, otherwise why not.
    /// </summary>
    public async Task<string?> ResendSetPasswordLinkAsync(AppUser user)
    {
        if (await users.HasPasswordAsync(user))
            return $"{user.DisplayName} has already chosen a password. If they have forgotten it, they can reset it from the sign-in page.";
        var role = StaffRoles.FirstOrDefault((await users.GetRolesAsync(user)).Contains);
        if (role is null)
            return "Only therapists, clinical leads and admins get a set-password link. Patients are invited instead.";
        await users.UpdateSecurityStampAsync(user);
        await SendSetPasswordLinkAsync(user, role, $"staff-account:{user.Id}:resend:{Guid.NewGuid():N}");
        return null;
    }

    private async Task SendSetPasswordLinkAsync(AppUser user, string role, string outboxKey)
    {
        var link = await links.CreateAsync(user, SetPasswordKind.Setup);
        await outbox.EnqueueWithSecretLinkAsync(outboxKey, user.Email!, "Your CbtProgram account is ready",
            $"""
            Hello {user.DisplayName},

            An admin has made you a CbtProgram account as {(role switch { Roles.Admin => "a program admin", Roles.ClinicalLead => "a clinical lead", _ => "a therapist" })}. Choose your password here:

            {link}

            The link works once, for {AccountSetupTokenProvider.Lifetime.TotalDays:0} days. If it has expired, choose "Forgot your password?" on the sign-in page to get a new one.

            CbtProgram
            """);
    }
}
