using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Operations;
using CbtProgram.Web.Scheduling;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Each patient's scheduled events for admins: upcoming, done and failed, with a way to run an overdue one again.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/schedules")]
public sealed class SchedulesController(AppDbContext db, EventRerun rerun, ScheduleChanges changes, Care.AuditLog audit, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var now = clock.GetUtcNow();
        var rows = await (from enrolment in db.Enrolments
                          join patient in db.Patients on enrolment.PatientId equals patient.Id
                          join user in db.Users on patient.UserId equals user.Id
                          orderby user.DisplayName
                          select new ScheduleRow(enrolment.Id, user.DisplayName, enrolment.Status.ToString(),
                              db.ScheduledEvents.Count(e => e.EnrolmentId == enrolment.Id && e.Status == ScheduledEventStatus.Done),
                              db.ScheduledEvents.Count(e => e.EnrolmentId == enrolment.Id && (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned) && e.DueAt > now),
                              db.ScheduledEvents.Count(e => e.EnrolmentId == enrolment.Id && (e.Status == ScheduledEventStatus.Failed
                                  || ((e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned) && e.DueAt <= now)))))
            .ToListAsync();
        await audit.RecordNowAsync(User.UserId()!, null, Audit.AuditActions.ViewedSchedules, $"{rows.Count} patients");
        return View(rows);
    }

    [HttpGet("{enrolmentId:guid}")]
    public async Task<IActionResult> Show(Guid enrolmentId)
    {
        var found = await (from enrolment in db.Enrolments
                           join patient in db.Patients on enrolment.PatientId equals patient.Id
                           join user in db.Users on patient.UserId equals user.Id
                           where enrolment.Id == enrolmentId
                           select new { user.DisplayName, patient.Id }).FirstOrDefaultAsync();
        if (found is null)
            return NotFound();
        var name = found.DisplayName;
        await audit.RecordNowAsync(User.UserId()!, found.Id, Audit.AuditActions.ViewedSchedule, enrolmentId.ToString());
        var events = await db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolmentId).OrderBy(e => e.DueAt).ToListAsync();
        return View(new ScheduleViewModel(enrolmentId, name, events, clock.GetUtcNow()));
    }

    /// <summary>Queues the event's run (a failed one is first made due again) and says within seconds how it went.</summary>
    [HttpPost("{enrolmentId:guid}/events/{eventId:guid}/run")]
    public async Task<IActionResult> Run(Guid enrolmentId, Guid eventId)
    {
        if (!await db.Enrolments.AnyAsync(e => e.Id == enrolmentId))
            return NotFound();
        TempData["Notice"] = await rerun.RunAsync(eventId, enrolmentId, User.UserId()!);
        return Redirect($"/admin/schedules/{enrolmentId}");
    }

    /// <summary>Brings back a cancelled event (one a reschedule or an old fault cancelled) of a program still running.</summary>
    [HttpPost("{enrolmentId:guid}/events/{eventId:guid}/restore")]
    public async Task<IActionResult> Restore(Guid enrolmentId, Guid eventId)
    {
        var patientId = await db.Enrolments.Where(e => e.Id == enrolmentId).Select(e => (Guid?)e.PatientId).FirstOrDefaultAsync();
        if (patientId is null)
            return NotFound();
        var problem = await changes.RestoreAsync(enrolmentId, eventId);
        if (problem is null)
            await audit.RecordNowAsync(User.UserId()!, patientId.Value, "restored scheduled event", eventId.ToString());
        TempData["Notice"] = problem is null
            ? "The event is restored. It runs at its time, or within a minute if that has passed."
            : $"{problem} Nothing was changed.";
        return Redirect($"/admin/schedules/{enrolmentId}");
    }
}

public sealed record ScheduleRow(Guid EnrolmentId, string Name, string Status, int Done, int Upcoming, int Overdue);
public sealed record ScheduleViewModel(Guid EnrolmentId, string Name, IReadOnlyList<ScheduledEvent> Events, DateTimeOffset Now);
