using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Who viewed or changed which patient's record, newest first; for one patient, or everyone.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/audit")]
public sealed class AuditController(AppDbContext db) : Controller
{
    public const int PageSize = 200;

    [HttpGet("")]
    public async Task<IActionResult> Index(Guid? patientId)
    {
        var entries = await (from entry in db.AuditEntries
                             where patientId == null || entry.PatientId == patientId
                             join actor in db.Users on entry.ActorId equals actor.Id into actors
                             from actor in actors.DefaultIfEmpty()
                             join patient in db.Patients on entry.PatientId equals patient.Id into patients
                             from patient in patients.DefaultIfEmpty()
                             join patientUser in db.Users on patient.UserId equals patientUser.Id into patientUsers
                             from patientUser in patientUsers.DefaultIfEmpty()
                             orderby entry.At descending
                             select new AuditRow(entry.At, actor == null ? "CbtProgram" : actor.DisplayName, entry.PatientId,
                                 patientUser == null ? null : patientUser.DisplayName, entry.Action, entry.Detail))
            .Take(PageSize).AsNoTracking().ToListAsync();
        return View(new AuditViewModel(entries, patientId));
    }
}

public sealed record AuditRow(DateTimeOffset At, string Actor, Guid? PatientId, string? PatientName, string Action, string? Detail);
public sealed record AuditViewModel(IReadOnlyList<AuditRow> Entries, Guid? PatientId);
