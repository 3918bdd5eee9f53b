using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient chooses their time zone, session day and time, and start date; the enrolment and its schedule follow.</summary>
[Route("patient/onboarding")]
[AvailableFrom(JourneyStage.Onboarding)]
public sealed class OnboardingController(Onboarding onboarding, ProgramCatalog program) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        if (State.Enrolment is not null)
            return Redirect("/patient");
        var (start, _) = await SuggestStartAsync();
        return View(new OnboardingForm { DiaryReminder = true, DiaryReminderTime = await DefaultDiaryReminderTimeAsync(), StartDate = start });
    }

    /// <summary>The start date that leaves the baseline diary's days before week 1, for the form and its hint (in UTC: the zone is not chosen yet).</summary>
    private async Task<(DateOnly Start, int Days)> SuggestStartAsync()
    {
        var suggested = await onboarding.SuggestedStartAsync(TimeZoneInfo.Utc);
        ViewData["SuggestedStart"] = suggested.StartDate;
        ViewData["BaselineDiaryDays"] = suggested.DiaryDays;
        return suggested;
    }

    [HttpPost("")]
    public async Task<IActionResult> Enrol(OnboardingForm form)
    {
        if (State.Enrolment is not null)
            return Redirect("/patient");
        var problems = ModelState.IsValid
            ? await onboarding.EnrolAsync(State.Patient, new Onboarding.Choice(form.TimeZone, form.Weekday, form.Time, form.StartDate, form.DiaryReminder, form.DiaryReminderTime))
            : ModelState.Where(e => e.Value!.Errors.Count > 0).ToDictionary(e => e.Key, _ => "Please check this answer.");
        if (problems.Count == 0)
            return Redirect("/patient/assessments/baseline");
        await SuggestStartAsync();
        foreach (var (field, message) in problems)
            ModelState.AddModelError(field switch { nameof(Onboarding.Choice.TimeZoneId) => nameof(form.TimeZone), nameof(Onboarding.Choice.LocalTime) => nameof(form.Time), _ => field }, message);
        return View("Index", form);
    }

    private async Task<TimeOnly> DefaultDiaryReminderTimeAsync() =>
        (await program.GetAsync()).Program.Reminders.DiaryReminderDefault() ?? new TimeOnly(20, 0);
}

public sealed class OnboardingForm
{
    public string? TimeZone { get; set; }
    public DayOfWeek? Weekday { get; set; }
    public TimeOnly? Time { get; set; }
    public DateOnly? StartDate { get; set; }
    public bool DiaryReminder { get; set; }
    public TimeOnly? DiaryReminderTime { get; set; }
}
