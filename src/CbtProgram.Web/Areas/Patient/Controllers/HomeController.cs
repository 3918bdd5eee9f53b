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
        var therapistName = await db.Patients
            .Where(p => p.UserId == userId)
            .Join(db.Users, p => p.AssignedTherapistId, u => u.Id, (p, u) => u.DisplayName)
            .FirstOrDefaultAsync();
        return View(new PatientHomeViewModel(User.DisplayName(), therapistName));
    }
}

public sealed record PatientHomeViewModel(string Name, string? TherapistName);
