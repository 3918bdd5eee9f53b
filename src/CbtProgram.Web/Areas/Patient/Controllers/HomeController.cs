using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

[Area("Patient")]
[Authorize(Roles = Roles.Patient)]
[Route("patient")]
public sealed class HomeController(AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var userId = User.UserId();
        var patient = await db.Patients.AsNoTracking()
            .Where(p => p.UserId == userId)
            .Select(p => new { p.Id, Therapist = db.Users.Where(u => u.Id == p.AssignedTherapistId).Select(u => u.DisplayName).FirstOrDefault() })
            .FirstOrDefaultAsync();
        var opened = patient is null ? [] : await (
            from module in db.PatientModules
            join version in db.ModuleVersions on module.ModuleVersionId equals version.Id
            where module.PatientId == patient.Id
            orderby module.Week
            select version.Content).AsNoTracking().ToListAsync();
        var modules = opened.Select(m => new OpenedModuleRow(m.Week, m.Title, m.Summary)).ToList();
        return View(new PatientHomeViewModel(User.DisplayName(), patient?.Therapist, modules));
    }
}

public sealed record PatientHomeViewModel(string Name, string? TherapistName, IReadOnlyList<OpenedModuleRow> Modules);
public sealed record OpenedModuleRow(int Week, string Title, string Summary);
