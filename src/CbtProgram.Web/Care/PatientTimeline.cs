using System.Globalization;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public enum TimelineKind
{
    Session,
    Measure,
    Diary,
    Worksheet,
    Message,
    Alert,
    Note,
    Schedule,
}

public sealed record TimelineItem(DateTimeOffset At, TimelineKind Kind, string Text);

/// <summary>Everything that happened in a patient's program, newest first: one query per kind of record.</summary>
public sealed class PatientTimeline(AppDbContext db)
{
    private static readonly string[] ScheduleActions = ["moved session", "paused program", "resumed program", "stopped program"];

    public async Task<IReadOnlyList<TimelineItem>> ForPatientAsync(Guid patientId)
    {
        var items = new List<TimelineItem>();
        var modules = await db.PatientModules.AsNoTracking().Where(m => m.PatientId == patientId)
            .Select(m => new { m.Id, m.Week, m.OpenedAt, m.CompletedAt }).ToListAsync();
        foreach (var module in modules)
        {
            items.Add(new(module.OpenedAt, TimelineKind.Session, $"Week {module.Week} opened"));
            if (module.CompletedAt is { } completed)
                items.Add(new(completed, TimelineKind.Session, $"Week {module.Week} completed"));
        }
        var moduleIds = modules.Select(m => m.Id).ToList();
        var worksheets = await db.StepAnswers.AsNoTracking().Where(a => moduleIds.Contains(a.PatientModuleId))
            .Select(a => new { a.PatientModuleId, a.StepId, a.SavedAt }).ToListAsync();
        items.AddRange(worksheets.Select(w => new TimelineItem(w.SavedAt, TimelineKind.Worksheet,
            $"Week {modules.First(m => m.Id == w.PatientModuleId).Week}: saved answers in \"{w.StepId}\"")));

        var measures = await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == patientId)
            .Select(r => new { r.MeasureId, r.Point, r.Week, r.Score, r.Band, r.SubmittedAt }).ToListAsync();
        items.AddRange(measures.Select(r => new TimelineItem(r.SubmittedAt, TimelineKind.Measure,
            $"{r.MeasureId.ToUpperInvariant()} {(r.Point == "weekly" ? $"week {r.Week}" : r.Point)}: {r.Score}{(r.Band is null ? "" : $" ({r.Band.ToLowerInvariant()})")}")));

        // The diary by week, not by day: a line a week keeps the timeline readable.
        var diary = await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == patientId)
            .Select(d => new { d.Date, d.HadHeadache, d.TookAcuteMedication, d.UpdatedAt }).ToListAsync();
        foreach (var week in diary.GroupBy(d => d.Date.AddDays(-(((int)d.Date.DayOfWeek + 6) % 7))))
        {
            items.Add(new(week.Max(d => d.UpdatedAt), TimelineKind.Diary,
                $"Diary for the week of {week.Key.ToString("d MMM", CultureInfo.InvariantCulture)}: {week.Count()} day{(week.Count() == 1 ? "" : "s")}, headache on {week.Count(d => d.HadHeadache)}, medicine on {week.Count(d => d.TookAcuteMedication)}"));
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.PatientId == patientId).Select(m => new { m.FromPatient, m.SentAt }).ToListAsync();
        items.AddRange(messages.Select(m => new TimelineItem(m.SentAt, TimelineKind.Message, m.FromPatient ? "Message from the patient" : "Message to the patient")));

        var alerts = await db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patientId).ToListAsync();
        foreach (var alert in alerts)
        {
            items.Add(new(alert.RaisedAt, TimelineKind.Alert, $"Risk alert raised: {alert.Reasons}"));
            if (alert.AcknowledgedAt is { } acknowledged)
                items.Add(new(acknowledged, TimelineKind.Alert, "Risk alert acknowledged"));
            if (alert.EscalatedAt is { } escalated)
                items.Add(new(escalated, TimelineKind.Alert, "Risk alert escalated to admins (not acknowledged in time)"));
            if (alert.ResolvedAt is { } resolved)
                items.Add(new(resolved, TimelineKind.Alert, "Risk alert resolved"));
        }

        var notes = await (from note in db.ClinicalNotes
                           join author in db.Users on note.AuthorId equals author.Id
                           where note.PatientId == patientId
                           select new { note.WrittenAt, author.DisplayName }).AsNoTracking().ToListAsync();
        items.AddRange(notes.Select(n => new TimelineItem(n.WrittenAt, TimelineKind.Note, $"Clinical note by {n.DisplayName}")));

        var changes = await (from entry in db.AuditEntries
                             join actor in db.Users on entry.ActorId equals actor.Id into actors
                             from actor in actors.DefaultIfEmpty()
                             where entry.PatientId == patientId && ScheduleActions.Contains(entry.Action)
                             select new { entry.At, entry.Action, entry.Detail, Actor = actor == null ? "CbtProgram" : actor.DisplayName }).AsNoTracking().ToListAsync();
        items.AddRange(changes.Select(c => new TimelineItem(c.At, TimelineKind.Schedule, $"{c.Actor} {c.Action}{(c.Detail is null ? "" : $": {c.Detail}")}")));

        return items.OrderByDescending(i => i.At).ToList();
    }
}
