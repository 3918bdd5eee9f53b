using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>The therapist's caseload: the patients assigned to them, and no one else.</summary>
[Area("Therapist")]
[Authorize(Roles = Roles.Therapist)]
[Route("therapist")]
public sealed class CaseloadController(AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var therapistId = User.UserId();
        var patients = await db.Patients
            .Where(p => p.AssignedTherapistId == therapistId)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p, u })
            .OrderBy(x => x.u.DisplayName)
            .Select(x => new CaseloadRow(x.u.DisplayName, x.u.Email ?? "", x.p.CreatedAt))
            .ToListAsync();
        return View(patients);
    }
}

public sealed record CaseloadRow(string Name, string Email, DateTimeOffset JoinedAt);
