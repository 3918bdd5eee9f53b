using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>A patient's modules: each week they have opened, in the version pinned for them.</summary>
[Area("Patient")]
[Authorize(Roles = Roles.Patient)]
[Route("patient/modules")]
public sealed class ModulesController(AppDbContext db) : Controller
{
    [HttpGet("{week:int}")]
    public async Task<IActionResult> Show(int week)
    {
        var userId = User.UserId();
        var pinned = await (
            from patient in db.Patients
            join opened in db.PatientModules on patient.Id equals opened.PatientId
            join version in db.ModuleVersions on opened.ModuleVersionId equals version.Id
            where patient.UserId == userId && opened.Week == week
            select version).AsNoTracking().FirstOrDefaultAsync();
        if (pinned is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("NotOpen", week);
        }
        return View(pinned);
    }
}
