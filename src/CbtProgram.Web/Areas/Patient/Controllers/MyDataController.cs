using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's data rights (who their therapist is, a download of everything held about them) and their calendar link.</summary>
[Route("patient/my-data")]
[AvailableFrom(JourneyStage.Onboarding)]
public sealed class MyDataController(PatientDataExport export, AppDbContext db, TimeProvider clock, Notifications.MailOptions mail, Care.AuditLog audit) : PatientControllerBase
{
    [HttpGet("")]
    public IActionResult Index()
    {
        // Showing the page never makes a link (no change on GET): the patient asks for one with the button.
        var calendar = State.Enrolment?.CalendarToken is { } token ? mail.Link($"/calendar/{token}.ics") : null;
        return View("Index", new MyDataViewModel(State.TherapistName, calendar, CanHaveCalendar: State.Enrolment is not null));
    }

    /// <summary>A calendar link, or a new one: the old one stops working at once.</summary>
    [HttpPost("calendar")]
    public async Task<IActionResult> ReplaceCalendarLink()
    {
        if (State.Enrolment is null)
            return Redirect("/patient/my-data");
        var first = State.Enrolment.CalendarToken is null;
        await IssueCalendarTokenAsync();
        TempData["Notice"] = first ? "Your calendar link is ready. Add it to your calendar app."
            : "Your calendar has a new link. The old link no longer works: add the new one to your calendar app.";
        return Redirect("/patient/my-data");
    }

    private async Task IssueCalendarTokenAsync()
    {
        State.Enrolment!.IssueCalendarToken();
        await db.SaveChangesAsync();
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

public sealed record MyDataViewModel(string? Therapist, string? CalendarUrl, bool CanHaveCalendar);
