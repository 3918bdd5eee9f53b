using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's data rights: who their therapist is, and a download of everything held about them.</summary>
[Route("patient/my-data")]
[AvailableFrom(JourneyStage.Onboarding)]
public sealed class MyDataController(PatientDataExport export, AppDbContext db, TimeProvider clock) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var therapist = await db.Users.Where(u => u.Id == State.Patient.AssignedTherapistId).Select(u => u.DisplayName).FirstOrDefaultAsync();
        return View("Index", therapist);
    }

    [HttpGet("cbtprogram-my-data.json")]
    public async Task<IActionResult> Json() =>
        File(await export.JsonAsync(State), "application/json", $"cbtprogram-my-data-{clock.GetUtcNow():yyyy-MM-dd}.json");

    [HttpGet("cbtprogram-my-data-csv.zip")]
    public async Task<IActionResult> Csv() =>
        File(await export.CsvZipAsync(State), "application/zip", $"cbtprogram-my-data-{clock.GetUtcNow():yyyy-MM-dd}.zip");
}
