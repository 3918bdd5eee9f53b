using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using CbtProgram.Web.Accounts.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Every patient and their therapist, for admins to assign and reassign; each change is audited.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/patients")]
public sealed class PatientsController(AppDbContext db, AuditLog audit) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var patients = await (from patient in db.Patients
                              join user in db.Users on patient.UserId equals user.Id
                              join therapist in db.Users on patient.AssignedTherapistId equals therapist.Id into therapists
                              from therapist in therapists.DefaultIfEmpty()
                              orderby user.DisplayName
                              select new AssignmentRow(patient.Id, user.DisplayName, user.Email ?? "", patient.AssignedTherapistId, therapist == null ? null : therapist.DisplayName))
            .AsNoTracking().ToListAsync();
        return View(new AssignmentsViewModel(patients, await TherapistsAsync()));
    }

    [HttpPost("{patientId:guid}/therapist")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> Assign(Guid patientId, string? therapistId)
    {
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.Id == patientId);
        if (patient is null)
            return NotFound();
        var therapist = (await TherapistsAsync()).FirstOrDefault(t => t.Id == therapistId);
        if (therapist is null)
        {
            TempData["Notice"] = "Choose a therapist from the list. Nothing was changed.";
            return Redirect("/admin/patients");
        }
        if (patient.AssignedTherapistId != therapist.Id)
        {
            var previous = await db.Users.Where(u => u.Id == patient.AssignedTherapistId).Select(u => u.DisplayName).FirstOrDefaultAsync();
            patient.AssignTherapist(therapist.Id);
            audit.Record(User.UserId()!, patient.Id, previous is null ? "assigned therapist" : "reassigned therapist",
                previous is null ? therapist.Name : $"{therapist.Name} (was {previous})");
            await db.SaveChangesAsync();
        }
        TempData["Notice"] = $"Saved: {therapist.Name} now looks after this patient.";
        return Redirect("/admin/patients");
    }

    private Task<List<TherapistOption>> TherapistsAsync() =>
        (from user in db.Users
         join link in db.UserRoles on user.Id equals link.UserId
         join role in db.Roles on link.RoleId equals role.Id
         where role.Name == Roles.Therapist
         orderby user.DisplayName
         select new TherapistOption(user.Id, user.DisplayName)).AsNoTracking().ToListAsync();
}

public sealed record AssignmentRow(Guid PatientId, string Name, string Email, string? TherapistId, string? TherapistName);
public sealed record TherapistOption(string Id, string Name);
public sealed record AssignmentsViewModel(IReadOnlyList<AssignmentRow> Patients, IReadOnlyList<TherapistOption> Therapists);
