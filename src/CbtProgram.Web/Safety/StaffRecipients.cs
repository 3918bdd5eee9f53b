using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Safety;

/// <summary>A member of staff to tell about an alert: their id (for unique email keys) and address.</summary>
public sealed record StaffRecipient(string UserId, string Email);

/// <summary>Who is told about a risk alert: its owner (the therapist, or the clinical leads), the leads, the admins.</summary>
public sealed class StaffRecipients(AppDbContext db)
{
    /// <summary>
    /// Everyone in the role with an address. The role is looked up first, so PostgreSQL plans the members' read for that
    /// role (a handful of leads or admins) rather than for an average role: joined by name, it expected a quarter of
    /// all accounts (most are patients) and read every account for each alert escalated.
    /// </summary>
    public async Task<List<StaffRecipient>> InRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (roleId is null)
            return [];
        return await (from link in db.UserRoles
                      join user in db.Users on link.UserId equals user.Id
                      where link.RoleId == roleId && user.Email != null
                      select new StaffRecipient(user.Id, user.Email!)).ToListAsync(cancellationToken);
    }

    /// <summary>The alert's owner: the patient's therapist, or every clinical lead when the patient has none.</summary>
    public async Task<List<StaffRecipient>> OwnersAsync(string? therapistId, CancellationToken cancellationToken = default)
    {
        if (therapistId is not null)
        {
            var therapist = await db.Users.Where(u => u.Id == therapistId && u.Email != null)
                .Select(u => new StaffRecipient(u.Id, u.Email!)).FirstOrDefaultAsync(cancellationToken);
            if (therapist is not null)
                return [therapist];
        }
        return await InRoleAsync(Roles.ClinicalLead, cancellationToken);
    }
}
