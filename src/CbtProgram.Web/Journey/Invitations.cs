using CbtProgram.Web.Accounts;
using CbtProgram.Web.Accounts.Passwords;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Invitations;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>A therapist or admin invites a patient by email; the patient follows the single-use link and sets a password.</summary>
/// <remarks>
/// An address that already has an account gets no invitation, but the answer reads as if it went ahead and the owner is
/// told by email instead (<see cref="AccountOwnerEmails"/>), so nobody learns from this form who is a patient here.
/// </remarks>
public sealed class Invitations(AppDbContext db, UserManager<AppUser> users, Outbox outbox, AccountOwnerEmails owners, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<string, string>> InviteAsync(string? name, string? email, string therapistId, string invitedBy, string siteUrl)
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(name))
            problems["Name"] = "Enter the patient's name.";
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
            problems["Email"] = "Enter an email address like name@example.org.";
        else if (await Accounts.Lifecycle.InvitationLifecycle.PendingFor(db.Invitations, email, clock.GetUtcNow()).AnyAsync())
            problems["Email"] = "This address already has an invitation waiting. An admin can send it again or cancel it on the invitations page.";
        if (!await db.UserRoles.AnyAsync(r => r.UserId == therapistId && db.Roles.Any(role => role.Id == r.RoleId && role.Name == Roles.Therapist)))
            problems["TherapistId"] = "Choose the therapist who will look after this patient.";
        if (problems.Count > 0)
            return problems;
        if (await users.FindByEmailAsync(email!.Trim()) is { } existing)
        {
            await owners.QueueInvitedAgainAsync(existing, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            return problems;
        }

        var now = clock.GetUtcNow();
        var (invitation, token) = Invitation.Create(email!, name!, therapistId, invitedBy, now);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        await outbox.EnqueueWithSecretLinkAsync($"invitation:{invitation.Id}:email", invitation.Email, "Your CbtProgram account is ready",
            $"""
            Hello {invitation.DisplayName},

            Your clinic has set up an account for you on CbtProgram. To start, choose your password here:

            {siteUrl.TrimEnd('/')}/invitations/{token}

            The link works once and until {invitation.ExpiresAt:d MMMM yyyy}. If it has expired, ask your clinic to send a new one.

            CbtProgram
            """);
        return problems;
    }

    public async Task<Invitation?> FindUsableAsync(string token)
    {
        var hash = Invitation.Hash(token ?? "");
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash);
        return invitation is not null && invitation.CanBeAccepted(clock.GetUtcNow()) ? invitation : null;
    }

    /// <summary>Creates the patient's account and record; problems (password rules) by field, or the new user.</summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Problems)> AcceptAsync(Invitation invitation, string password)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var user = new AppUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = invitation.DisplayName };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return (null, created.Errors.Select(e => e.Description).ToList());
        await users.AddToRoleAsync(user, Roles.Patient);
        db.Patients.Add(new Patient(user.Id, invitation.TherapistId, now));
        invitation.Accept(now);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (user, []);
    }
}
