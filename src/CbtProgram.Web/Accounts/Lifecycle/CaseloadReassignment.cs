using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Accounts.Lifecycle;

/// <summary>
/// Moves a leaving therapist's whole caseload to a colleague in one action: every patient, in one transaction, each
/// move audited on the patient's record. The old therapist loses access at once (access follows the assignment).
/// </summary>
public sealed class CaseloadReassignment(AppDbContext db, AuditLog audit)
{
    /// <summary>How many patients moved, or the problem in words.</summary>
    public async Task<(int Moved, string? Problem)> MoveAllAsync(string actorId, string? fromTherapistId, string? toTherapistId)
    {
        if (string.IsNullOrEmpty(fromTherapistId) || string.IsNullOrEmpty(toTherapistId))
            return (0, "Choose both therapists. Nothing was changed.");
        if (fromTherapistId == toTherapistId)
            return (0, "Choose a different therapist to take over. Nothing was changed.");
        var to = await (from user in db.Users
                        join link in db.UserRoles on user.Id equals link.UserId
                        join role in db.Roles on link.RoleId equals role.Id
                        where role.Name == Roles.Therapist && user.Id == toTherapistId && user.DisabledAt == null
                        select new { user.Id, user.DisplayName }).FirstOrDefaultAsync();
        if (to is null)
            return (0, "The therapist taking over must be a therapist whose account is on. Nothing was changed.");

        await using var transaction = await db.Database.BeginTransactionAsync();
        var patients = await db.Patients.FromSql($"SELECT * FROM patients WHERE \"AssignedTherapistId\" = {fromTherapistId} FOR UPDATE").ToListAsync();
        foreach (var patient in patients)
        {
            patient.AssignTherapist(to.Id);
            audit.Record(actorId, patient.Id, "assigned therapist", $"{to.DisplayName} (caseload moved)");
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (patients.Count, null);
    }
}
