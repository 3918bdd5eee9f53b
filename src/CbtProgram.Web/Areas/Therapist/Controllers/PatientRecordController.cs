using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>
/// One patient for their therapist (or an admin): alerts to act on, progress charts, the diary as a calendar, a
/// timeline of everything, worksheet answers, private notes and messages. Every view and change is audited.
/// </summary>
[Route("therapist/patients/{patientId:guid}")]
public sealed class PatientRecordController(
    AppDbContext db, RecordOverview overview, RiskAlerts alerts, ClinicalNotes notes, Conversations conversations, AuditLog audit)
    : PatientRecordControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Overview()
    {
        var viewed = audit.Entry(User.UserId()!, Record.PatientId, "viewed record");
        var panels = await overview.BuildAsync(Record.PatientId, User.IsInRole(Roles.Therapist) ? User.UserId() : null, viewed);
        return View(new PatientOverview(Record, panels.Summary, panels.Alerts, panels.Progress, panels.Diary, panels.Timeline, panels.Measures));
    }

    [HttpPost("alerts/{alertId:guid}/acknowledge")]
    public async Task<IActionResult> Acknowledge(Guid alertId)
    {
        TempData["Notice"] = await alerts.AcknowledgeAsync(Record.PatientId, alertId, User.UserId()!)
            ?? "Alert acknowledged. Resolve it with a note once you have followed it up.";
        return Redirect(RecordPath("#alerts"));
    }

    [HttpPost("alerts/{alertId:guid}/resolve")]
    public async Task<IActionResult> Resolve(Guid alertId, string? note)
    {
        TempData["Notice"] = await alerts.ResolveAsync(Record.PatientId, alertId, User.UserId()!, note) ?? "Alert resolved. Your note is kept with it.";
        return Redirect(RecordPath("#alerts"));
    }

    [HttpGet("work")]
    public async Task<IActionResult> Work()
    {
        var modules = await db.PatientModules.AsNoTracking().Where(m => m.PatientId == Record.PatientId).OrderBy(m => m.Week).ToListAsync();
        var moduleIds = modules.Select(m => m.Id).ToList();
        var answers = await db.StepAnswers.AsNoTracking().Where(a => moduleIds.Contains(a.PatientModuleId)).ToListAsync();
        var versionIds = modules.Select(m => m.ModuleVersionId).ToList();
        var versions = await db.ModuleVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Content);
        var weeks = new List<WorkWeek>();
        foreach (var module in modules)
        {
            var definition = versions.GetValueOrDefault(module.ModuleVersionId);
            var saved = answers.Where(a => a.PatientModuleId == module.Id).ToList();
            weeks.Add(new WorkWeek(module.Week, definition?.Title ?? $"Week {module.Week}", module.CompletedAt,
                definition?.Steps.Where(s => saved.Any(a => a.StepId == s.Id))
                    .Select(s => new WorkStep(s.Title, s.Fields.Select(f => (f.Label, saved.First(a => a.StepId == s.Id).Values.GetValueOrDefault(f.Id) ?? "")).ToList()))
                    .ToList() ?? []));
        }
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "viewed worksheets");
        return View(new PatientWork(Record, weeks));
    }

    [HttpGet("notes")]
    public async Task<IActionResult> Notes()
    {
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "viewed clinical notes");
        return View(new PatientNotes(Record, await notes.ForPatientAsync(Record.PatientId)));
    }

    [HttpPost("notes")]
    public async Task<IActionResult> AddNote(string? text)
    {
        if (await notes.AddAsync(Record.PatientId, User.UserId()!, text) is { } problem)
        {
            ModelState.AddModelError("text", problem);
            ViewData["Draft"] = text;
            return View("Notes", new PatientNotes(Record, await notes.ForPatientAsync(Record.PatientId)));
        }
        TempData["Notice"] = "Note saved. Only staff can see it.";
        return Redirect(RecordPath("/notes"));
    }

    /// <summary>Reading changes nothing but the audit log: messages are marked read by the button or by replying.</summary>
    [HttpGet("messages")]
    public async Task<IActionResult> Messages()
    {
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "viewed messages");
        return View(new PatientMessages(Record, await conversations.ThreadAsync(Record.PatientId)));
    }

    [HttpPost("messages")]
    [EnableRateLimiting(RateLimitPolicies.Messages)]
    public async Task<IActionResult> Send(string? text)
    {
        if (await conversations.SendFromStaffAsync(Record.PatientId, User.UserId()!, text) is { } problem)
        {
            ModelState.AddModelError("text", problem);
            ViewData["Draft"] = text;
            return View("Messages", new PatientMessages(Record, await conversations.ThreadAsync(Record.PatientId)));
        }
        await conversations.MarkReadAsync(Record.PatientId, readByPatient: false);
        TempData["Notice"] = $"Message sent. {Record.Name} gets an email saying there is a new message (it does not include your words).";
        return Redirect(RecordPath("/messages"));
    }

    [HttpPost("messages/read")]
    public async Task<IActionResult> MarkMessagesRead()
    {
        await conversations.MarkReadAsync(Record.PatientId, readByPatient: false);
        return Redirect(RecordPath("/messages"));
    }
}

public sealed record PatientOverview(PatientRecordSummary Record, string Summary, IReadOnlyList<Domain.Safety.RiskAlert> Alerts,
    ProgressReport.Report Progress, DiaryCalendar Diary, IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<Curriculum.Definitions.MeasureDefinition> Measures);
public sealed record WorkStep(string Title, IReadOnlyList<(string Label, string Answer)> Answers);
public sealed record WorkWeek(int Week, string Title, DateTimeOffset? CompletedAt, IReadOnlyList<WorkStep> Steps);
public sealed record PatientWork(PatientRecordSummary Record, IReadOnlyList<WorkWeek> Weeks);
public sealed record PatientNotes(PatientRecordSummary Record, IReadOnlyList<NoteView> Notes);
public sealed record PatientMessages(PatientRecordSummary Record, IReadOnlyList<ThreadMessage> Thread);
