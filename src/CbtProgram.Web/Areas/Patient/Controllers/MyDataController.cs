using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's data rights (who their therapist is, a download of everything held about them) and their calendar link.</summary>
[Route("patient/my-data")]
[AvailableFrom(JourneyStage.Onboarding)]
public sealed class MyDataController(PatientDataExport export, AppDbContext db, TimeProvider clock, Care.AuditLog audit) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var calendar = State.Enrolment is { } enrolment ? $"{Request.Scheme}://{Request.Host}/calendar/{enrolment.CalendarToken ?? await IssueCalendarTokenAsync()}.ics" : null;
        return View("Index", new MyDataViewModel(State.TherapistName, calendar));
    }

    /// <summary>A new calendar link; the old one stops working at once.</summary>
    [HttpPost("calendar")]
    public async Task<IActionResult> ReplaceCalendarLink()
    {
        if (State.Enrolment is null)
            return Redirect("/patient/my-data");
        await IssueCalendarTokenAsync();
        TempData["Notice"] = "Your calendar has a new link. The old link no longer works: add the new one to your calendar app.";
        return Redirect("/patient/my-data");
    }

    private async Task<string> IssueCalendarTokenAsync()
    {
        var token = State.Enrolment!.IssueCalendarToken();
        await db.SaveChangesAsync();
        return token;
    }

    [HttpGet("cbtprogram-my-data.json")]
    public async Task<IActionResult> Json()
    {
        await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, Audit.AuditActions.PatientDataExported, "JSON");
        return File(await export.JsonAsync(State), "application/json", $"cbtprogram-my-data-{clock.GetUtcNow():yyyy-MM-dd}.json");
    }

    [HttpGet("cbtprogram-my-data-csv.zip")]
    public async Task<IActionResult> Csv()
    {
        await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, Audit.AuditActions.PatientDataExported, "CSV");
        return File(await export.CsvZipAsync(State), "application/zip", $"cbtprogram-my-data-{clock.GetUtcNow():yyyy-MM-dd}.zip");
    }
}

public sealed record MyDataViewModel(string? Therapist, string? CalendarUrl);
