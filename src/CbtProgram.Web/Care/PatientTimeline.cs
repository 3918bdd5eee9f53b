using System.Globalization;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Journey;

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

/// <summary>What the record page has already read for its other panels, and the timeline shows again.</summary>
public sealed record RecordHistory(
    IReadOnlyList<ProgressReport.ModuleDone> Modules,
    IReadOnlyList<ProgressReport.Response> Responses,
    IReadOnlyList<DiaryDaySummary> Diary,
    IReadOnlyList<RiskAlert> Alerts);

/// <summary>A worksheet save, message, clinical note or schedule change: what nothing else on the record page shows.</summary>
public sealed record TimelineEvent(DateTimeOffset At, TimelineKind Kind, int? Week, string? Name, string? Action, string? Detail, bool FromPatient);

/// <summary>
/// Everything that happened in a patient's program, newest first: built from what the record page already read, plus
/// the worksheets, messages, notes and schedule changes that nothing else on the page shows (<see cref="OtherEventsSql"/>,
/// which the page sends in its batch of reads).
/// </summary>
public sealed class PatientTimeline
{
    /// <summary>The schedule changes the timeline shows, from the audit log.</summary>
    public static readonly string[] ScheduleActions = ["moved session", "paused program", "resumed program", "stopped program"];

    /// <summary>
    /// Worksheet saves (with their week), messages, clinical notes (with the author) and schedule changes (with who made
    /// them), in one statement: <c>$1</c> the patient; columns as <see cref="TimelineEvent"/>. Meant for its generic plan
    /// (<see cref="Data.SqlBatch.AddOnGenericPlan"/>), so what the plan needs to be good at any size is in the text: the
    /// schedule actions as constants (a parameter array of unknown length led the generic plan to read every audit entry
    /// of the patient, each record view among them, instead of the index by action) and each name looked up by its id
    /// (a join let it hash every account of the clinic).
    /// </summary>
    public static readonly string OtherEventsSql = $"""
        SELECT a."SavedAt" AS "At", {(int)TimelineKind.Worksheet} AS "Kind", m."Week", NULL::text AS "Name", a."StepId" AS "Action", NULL::text AS "Detail", false AS "FromPatient"
        FROM step_answers a JOIN patient_modules m ON m."Id" = a."PatientModuleId"
        WHERE m."PatientId" = $1
        UNION ALL
        SELECT "SentAt", {(int)TimelineKind.Message}, NULL, NULL, NULL, NULL, "FromPatient"
        FROM messages WHERE "PatientId" = $1
        UNION ALL
        SELECT n."WrittenAt", {(int)TimelineKind.Note}, NULL, (SELECT author."DisplayName" FROM "AspNetUsers" author WHERE author."Id" = n."AuthorId"), NULL, NULL, false
        FROM clinical_notes n
        WHERE n."PatientId" = $1
        UNION ALL
        SELECT e."At", {(int)TimelineKind.Schedule}, NULL, (SELECT actor."DisplayName" FROM "AspNetUsers" actor WHERE actor."Id" = e."ActorId"), e."Action", e."Detail", false
        FROM audit_entries e
        WHERE e."PatientId" = $1 AND e."Action" IN ({string.Join(", ", ScheduleActions.Select(a => $"'{a.Replace("'", "''", StringComparison.Ordinal)}'"))})
        """;

    public static TimelineEvent ReadEvent(System.Data.Common.DbDataReader row) => new(
        row.GetFieldValue<DateTimeOffset>(0), (TimelineKind)row.GetInt32(1), row.IsDBNull(2) ? null : row.GetInt32(2),
        row.IsDBNull(3) ? null : row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4), row.IsDBNull(5) ? null : row.GetString(5), row.GetBoolean(6));

    public IReadOnlyList<TimelineItem> Build(RecordHistory history, IReadOnlyList<TimelineEvent> otherEvents)
    {
        var others = otherEvents.ToLookup(e => e.Kind);
        var items = new List<TimelineItem>();
        foreach (var module in history.Modules)
        {
            items.Add(new(module.OpenedAt, TimelineKind.Session, $"Week {module.Week} opened"));
            if (module.CompletedAt is { } completed)
                items.Add(new(completed, TimelineKind.Session, $"Week {module.Week} completed"));
        }
        items.AddRange(others[TimelineKind.Worksheet].Select(w => new TimelineItem(w.At, TimelineKind.Worksheet, $"Week {w.Week}: saved answers in \"{w.Action}\"")));

        items.AddRange(history.Responses.Select(r => new TimelineItem(r.SubmittedAt, TimelineKind.Measure,
            $"{r.MeasureId.ToUpperInvariant()} {(r.Point == "weekly" ? $"week {r.Week}" : r.Point)}: {r.Score}{(r.Band is null ? "" : $" ({r.Band.ToLowerInvariant()})")}")));

        // The diary by week, not by day: a line a week keeps the timeline readable.
        foreach (var week in history.Diary.GroupBy(d => d.Date.AddDays(-(((int)d.Date.DayOfWeek + 6) % 7))))
        {
            var days = week.Count();
            items.Add(new(week.Max(d => d.UpdatedAt), TimelineKind.Diary,
                $"Diary for the week of {week.Key.ToString("d MMM", CultureInfo.InvariantCulture)}: {days} day{(days == 1 ? "" : "s")}, headache on {week.Count(d => d.HadHeadache)}, medicine on {week.Count(d => d.TookAcuteMedication)}"));
        }

        items.AddRange(others[TimelineKind.Message].Select(m => new TimelineItem(m.At, TimelineKind.Message, m.FromPatient ? "Message from the patient" : "Message to the patient")));

        foreach (var alert in history.Alerts)
        {
            items.Add(new(alert.RaisedAt, TimelineKind.Alert, $"Risk alert raised: {alert.Reasons}"));
            if (alert.AcknowledgedAt is { } acknowledged)
                items.Add(new(acknowledged, TimelineKind.Alert, "Risk alert acknowledged"));
            if (alert.EscalatedToLeadsAt is { } toLeads)
                items.Add(new(toLeads, TimelineKind.Alert, "Risk alert escalated to the clinical leads (not acknowledged in time)"));
            if (alert.EscalatedToAdminsAt is { } toAdmins)
                items.Add(new(toAdmins, TimelineKind.Alert, "Risk alert escalated to the admins (still not acknowledged)"));
            if (alert.UnresolvedReminderAt is { } reminded)
                items.Add(new(reminded, TimelineKind.Alert, "Risk alert back to the therapist and the clinical leads (acknowledged, not resolved)"));
            if (alert.ResolvedAt is { } resolved)
                items.Add(new(resolved, TimelineKind.Alert, "Risk alert resolved"));
        }

        items.AddRange(others[TimelineKind.Note].Select(n => new TimelineItem(n.At, TimelineKind.Note, n.Name is null ? "Clinical note" : $"Clinical note by {n.Name}")));
        items.AddRange(others[TimelineKind.Schedule].Select(c =>
            new TimelineItem(c.At, TimelineKind.Schedule, $"{c.Name ?? "CbtProgram"} {c.Action}{(c.Detail is null ? "" : $": {c.Detail}")}")));

        return items.OrderByDescending(i => i.At).ToList();
    }
}
