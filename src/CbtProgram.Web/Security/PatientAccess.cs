using CbtProgram.Web.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace CbtProgram.Web.Security;

/// <summary>A patient's record as far as access to it goes: whose it is and which therapist looks after it.</summary>
public sealed record PatientRecord(Guid PatientId, string? AssignedTherapistId);

/// <summary>
/// The one rule for staff access to a patient's record: admins and clinical leads (who own the alerts of patients with
/// no therapist and oversee every alert) may see every patient, a therapist only their own.
/// </summary>
public sealed class PatientAccessRequirement : IAuthorizationRequirement
{
    public static readonly PatientAccessRequirement Instance = new();
}

public sealed class PatientAccessHandler : AuthorizationHandler<PatientAccessRequirement, PatientRecord>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PatientAccessRequirement requirement, PatientRecord record)
    {
        var user = context.User;
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ClinicalLead)
            || (user.IsInRole(Roles.Therapist) && record.AssignedTherapistId is not null && record.AssignedTherapistId == user.UserId()))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
