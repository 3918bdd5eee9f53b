using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Safety;

/// <summary>A member of staff to tell about an alert: their id (for unique email keys) and address.</summary>
public sealed record StaffRecipient(string UserId, string Email);

/// <summary>Who is told about a risk alert: its owner (the therapist, or the clinical leads), the leads, the admins.</summary>
public sealed class StaffRecipients(AppDbContext db)
{
    public Task<List<StaffRecipient>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        (from user in db.Users
         join link in db.UserRoles on user.Id equals link.UserId
         join named in db.Roles on link.RoleId equals named.Id
         where named.Name == role && user.Email != null
         select new StaffRecipient(user.Id, user.Email!)).ToListAsync(cancellationToken);

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
