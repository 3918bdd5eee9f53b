using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Scheduling;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>A patient's schedule for their therapist or an admin: move a session, pause and resume, or stop the program with a reason.</summary>
[Route("therapist/patients/{patientId:guid}/schedule")]
public sealed class PatientScheduleController(AppDbContext db, ScheduleChanges changes, AuditLog audit, TimeProvider clock) : PatientRecordControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        await ScreenAsync() is { } screen ? View(ScheduleViews.Schedule, screen) : View(ScheduleViews.NotEnrolled);

    [HttpGet("weeks/{week:int}/move")]
    public async Task<IActionResult> Move(int week)
    {
        if (await ScreenAsync() is not { } screen || screen.Plan.Session(week) is not { CanMove: true } session)
            return NotFound();
        return View(ScheduleViews.Move, new MoveSessionScreen(screen, session, new MoveSessionForm { Date = DateOnly.FromDateTime(session.LocalOpensAt.DateTime), Time = TimeOnly.FromDateTime(session.LocalOpensAt.DateTime) }));
    }

    [HttpPost("weeks/{week:int}/move")]
    public async Task<IActionResult> Move(int week, MoveSessionForm form)
    {
        if (await ScreenAsync() is not { } screen || screen.Plan.Session(week) is not { } session)
            return NotFound();
        var problem = await changes.RescheduleSessionAsync(screen.Plan.Enrolment.Id, week, form.Date, form.Time);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(form.Date), problem);
            return View(ScheduleViews.Move, new MoveSessionScreen(screen, session, form));
        }
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "moved session", $"week {week} to {form.Date:d MMM yyyy} {form.Time:HH:mm}");
        TempData["Notice"] = $"Week {week} has moved. {Record.Name} will see the new time on their schedule and in their calendar.";
        return Redirect(RecordPath("/schedule"));
    }

    [HttpPost("pause")]
    public async Task<IActionResult> Pause() => await ChangeAsync(id => changes.PauseAsync(id), "paused program",
        $"The program is paused. Nothing opens or reminds {Record.Name} until it is resumed.");

    [HttpPost("resume")]
    public async Task<IActionResult> Resume()
    {
        if (await ScreenAsync() is not { } screen)
            return NotFound();
        var (weeks, problem) = await changes.ResumeAsync(screen.Plan.Enrolment.Id);
        if (problem is null)
            await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "resumed program", $"moved on {weeks} week(s)");
        TempData["Notice"] = problem ?? (weeks == 0
            ? "The program has resumed. The sessions still to come keep their times."
            : $"The program has resumed. The sessions still to come moved on by {weeks} week{(weeks == 1 ? "" : "s")}.");
        return Redirect(RecordPath("/schedule"));
    }

    [HttpPost("time-zone")]
    public async Task<IActionResult> TimeZone(TimeZoneForm form)
    {
        if (await ScreenAsync() is not { } screen)
            return NotFound();
        var problem = await changes.ChangeTimeZoneAsync(screen.Plan.Enrolment.Id, form.TimeZone);
        if (problem is null)
            await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "changed time zone", form.TimeZone);
        TempData["Notice"] = problem is null
            ? $"{Record.Name}'s schedule is now in {Domain.Scheduling.PatientTimeZones.Describe(form.TimeZone!)} time, at the same local day and time."
            : $"{problem} Nothing was changed.";
        return Redirect(RecordPath("/schedule"));
    }

    [HttpGet("stop")]
    public async Task<IActionResult> Stop() => await ScreenAsync() is { } screen ? View(ScheduleViews.Stop, screen) : NotFound();

    [HttpPost("stop")]
    public async Task<IActionResult> Stop(StopProgramForm form)
    {
        if (await ScreenAsync() is not { } screen)
            return NotFound();
        var problem = await changes.WithdrawAsync(screen.Plan.Enrolment.Id, form.Reason);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(form.Reason), problem);
            return View(ScheduleViews.Stop, screen);
        }
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "stopped program", form.Reason!.Trim());
        TempData["Notice"] = "The program has stopped. Nothing more will open or remind them.";
        return Redirect(RecordPath("/schedule"));
    }

    private async Task<IActionResult> ChangeAsync(Func<Guid, Task<string?>> change, string action, string done)
    {
        if (await ScreenAsync() is not { } screen)
            return NotFound();
        var problem = await change(screen.Plan.Enrolment.Id);
        if (problem is null)
            await audit.RecordNowAsync(User.UserId()!, Record.PatientId, action);
        TempData["Notice"] = problem ?? done;
        return Redirect(RecordPath("/schedule"));
    }

    private async Task<ScheduleScreen?> ScreenAsync() =>
        await SessionPlan.ForPatientAsync(db, Record.PatientId, clock.GetUtcNow()) is { } plan ? new ScheduleScreen(plan, RecordPath("/schedule"), Record.Name) : null;
}
