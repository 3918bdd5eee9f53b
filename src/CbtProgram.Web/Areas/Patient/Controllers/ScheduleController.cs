using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Scheduling;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's own schedule: see every session, move one, take a break, set the diary reminder, or stop.</summary>
[Route("patient/schedule")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class ScheduleController(AppDbContext db, ScheduleChanges changes, AuditLog audit, TimeProvider clock) : PatientControllerBase
{
    private const string Home = "/patient/schedule";

    [HttpGet("")]
    public async Task<IActionResult> Index() => View(ScheduleViews.Schedule, await ScreenAsync());

    [HttpGet("weeks/{week:int}/move")]
    public async Task<IActionResult> Move(int week)
    {
        var screen = await ScreenAsync();
        if (screen.Plan.Session(week) is not { CanMove: true } session)
            return NotFound();
        return View(ScheduleViews.Move, new MoveSessionScreen(screen, session, new MoveSessionForm { Date = DateOnly.FromDateTime(session.LocalOpensAt.DateTime), Time = TimeOnly.FromDateTime(session.LocalOpensAt.DateTime) }));
    }

    [HttpPost("weeks/{week:int}/move")]
    public async Task<IActionResult> Move(int week, MoveSessionForm form)
    {
        var screen = await ScreenAsync();
        if (screen.Plan.Session(week) is not { } session)
            return NotFound();
        var problem = await changes.RescheduleSessionAsync(screen.Plan.Enrolment.Id, week, form.Date, form.Time);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(form.Date), problem);
            return View(ScheduleViews.Move, new MoveSessionScreen(screen, session, form));
        }
        await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, "moved session", $"week {week} to {form.Date:d MMM yyyy} {form.Time:HH:mm}");
        TempData["Notice"] = $"Week {week} has moved. Your calendar link shows the new time too.";
        return Redirect(Home);
    }

    [HttpPost("diary-reminder")]
    public async Task<IActionResult> DiaryReminder(DiaryReminderForm form)
    {
        if (form.On && form.Time is null)
        {
            TempData["Notice"] = "Choose a time for your diary reminder, such as 20:00. Nothing was changed.";
            return Redirect(Home);
        }
        State.Enrolment!.SetDiaryReminder(form.On ? form.Time : null);
        await db.SaveChangesAsync();
        TempData["Notice"] = form.On ? $"We will remind you about your diary at {form.Time:HH:mm} on days you have not filled it in." : "Diary reminders are off.";
        return Redirect(Home);
    }

    [HttpPost("time-zone")]
    public async Task<IActionResult> TimeZone(TimeZoneForm form)
    {
        var problem = await changes.ChangeTimeZoneAsync(State.Enrolment!.Id, form.TimeZone);
        if (problem is null)
            await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, "changed time zone", form.TimeZone);
        TempData["Notice"] = problem is null
            ? $"Your schedule is now in {Domain.Scheduling.PatientTimeZones.Describe(form.TimeZone!)} time. Your sessions keep the same local day and time."
            : $"{problem} Nothing was changed.";
        return Redirect(Home);
    }

    [HttpPost("pause")]
    public async Task<IActionResult> Pause()
    {
        var problem = await changes.PauseAsync(State.Enrolment!.Id);
        if (problem is null)
            await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, "paused program");
        TempData["Notice"] = problem
            ?? "Your program is paused. Nothing new opens and we will not send reminders until you come back. Your work is saved.";
        return Redirect(Home);
    }

    [HttpPost("resume")]
    public async Task<IActionResult> Resume()
    {
        var (weeks, problem) = await changes.ResumeAsync(State.Enrolment!.Id);
        if (problem is null)
            await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, "resumed program", $"moved on {weeks} week(s)");
        TempData["Notice"] = problem ?? (weeks == 0
            ? "Welcome back. Your sessions carry on as planned."
            : $"Welcome back. Your next sessions moved on by {weeks} week{(weeks == 1 ? "" : "s")}, on the same day and time.");
        return Redirect(Home);
    }

    [HttpGet("stop")]
    public async Task<IActionResult> Stop() => View(ScheduleViews.Stop, await ScreenAsync());

    [HttpPost("stop")]
    public async Task<IActionResult> Stop(StopProgramForm form)
    {
        var problem = await changes.StopByPatientAsync(State.Enrolment!.Id, form.Reason);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(form.Reason), problem);
            return View(ScheduleViews.Stop, await ScreenAsync());
        }
        await audit.RecordNowAsync(State.Patient.UserId, State.Patient.Id, "stopped program", "by the patient");
        TempData["Notice"] = "You have stopped the program. Your therapist has been told. You can still sign in to see your diary, progress and information.";
        return Redirect(Home);
    }

    private async Task<ScheduleScreen> ScreenAsync() =>
        new((await SessionPlan.ForPatientAsync(db, State.Patient.Id, clock.GetUtcNow()))!, Home, null);
}
