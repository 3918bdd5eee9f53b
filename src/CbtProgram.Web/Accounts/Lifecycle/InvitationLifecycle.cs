using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Invitations;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Accounts.Lifecycle;

/// <summary>
/// Admins cancel a waiting patient invitation (its link stops working) or send it again: the old link is cancelled
/// and a fresh one goes out through the ordinary invitation path, in one transaction.
/// </summary>
public sealed class InvitationLifecycle(AppDbContext db, Invitations invitations, AuditLog audit, TimeProvider clock)
{
    /// <summary>Invitations to this address that could still be accepted.</summary>
    public static IQueryable<Invitation> PendingFor(IQueryable<Invitation> all, string email, DateTimeOffset now)
    {
        var address = email.Trim().ToLowerInvariant();
        // ToLower becomes SQL lower(); string.Equals with a comparison would not translate.
#pragma warning disable CA1862
        return all.Where(i => i.Email.ToLower() == address && i.AcceptedAt == null && i.CancelledAt == null && i.ExpiresAt > now);
#pragma warning restore CA1862
    }

    public async Task<IReadOnlyList<Invitation>> PendingAsync()
    {
        var now = clock.GetUtcNow();
        return await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.CancelledAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.ExpiresAt).ToListAsync();
    }

    /// <summary>Null when cancelled, otherwise why not.</summary>
    public async Task<string?> CancelAsync(string actorId, Guid invitationId)
    {
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId);
        if (invitation is null || invitation.AcceptedAt is not null)
            return "That invitation has been used or no longer exists, so there is nothing to cancel.";
        invitation.Cancel(clock.GetUtcNow());
        audit.Record(actorId, null, "cancelled invitation", invitation.Id.ToString());
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>Cancels the old link and sends a new one to the same person, for the same therapist.</summary>
    public async Task<string?> ResendAsync(string actorId, string actorName, Guid invitationId, string siteUrl)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId);
        if (invitation is null || invitation.AcceptedAt is not null)
            return "That invitation has been used or no longer exists. Invite the person again if you need to.";
        invitation.Cancel(clock.GetUtcNow());
        audit.Record(actorId, null, "resent invitation", invitation.Id.ToString());
        await db.SaveChangesAsync();
        var problems = await invitations.InviteAsync(invitation.DisplayName, invitation.Email, invitation.TherapistId, actorName, siteUrl);
        if (problems.Count > 0)
            return string.Join(" ", problems.Values);
        await transaction.CommitAsync();
        return null;
    }
}
