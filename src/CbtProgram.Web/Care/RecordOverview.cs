using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public sealed record OverviewPanels(string Summary, IReadOnlyList<RiskAlert> Alerts, ProgressReport.Report Progress, DiaryCalendar Diary, IReadOnlyList<TimelineItem> Timeline,
    IReadOnlyList<Curriculum.Definitions.MeasureDefinition> Measures);

/// <summary>
/// The Overview tab of a patient's record in a fixed handful of queries whatever the patient's history: each kind of
/// record is read once, only the columns shown, and shared by the panels that show it (summary, alerts, charts,
/// diary calendar, timeline).
/// </summary>
public sealed class RecordOverview(AppDbContext db, ProgramCatalog program, RiskAlerts riskAlerts, PatientTimeline timeline, TimeProvider clock)
{
    public async Task<OverviewPanels> BuildAsync(Guid patientId)
    {
        var (definition, measures) = await program.GetAsync();
        var now = clock.GetUtcNow();
        var schedule = await db.Enrolments.AsNoTracking().Where(e => e.PatientId == patientId)
            .Select(e => new
            {
                Enrolment = e,
                Sessions = db.ScheduledEvents.Where(s => s.EnrolmentId == e.Id && s.Kind == ScheduledEventKind.SessionOpens).ToList(),
            })
            .SingleOrDefaultAsync();
        // In stored order: the timeline lists answers given at the same moment as it always has; the charts sort them below.
        var responses = await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == patientId)
            .Select(r => new ProgressReport.Response(r.MeasureId, r.Point, r.Week, r.Score, r.Band, r.SubmittedAt)).ToListAsync();
        var diary = await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == patientId).OrderBy(d => d.Date)
            .Select(DiaryDaySummary.FromEntry).ToListAsync();
        var modules = await db.PatientModules.AsNoTracking().Where(m => m.PatientId == patientId).OrderBy(m => m.Week)
            .Select(m => new ProgressReport.ModuleDone(m.Week, m.OpenedAt, m.CompletedAt)).ToListAsync();
        var alerts = await riskAlerts.ForPatientAsync(patientId);

        var zone = schedule?.Enrolment.Zone ?? TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var baseline = schedule?.Sessions.FirstOrDefault(s => s.Week == 1) is { } week1 && BaselineDiaryStatus.PlannedDaysOf(definition) is > 0 and var planned
            ? BaselineDiaryStatus.Compute(planned, week1.LocalDate, BaselineDiary.EnrolledOn(schedule.Enrolment.CreatedAt, schedule.Enrolment.TimeZoneId), diary.Select(d => d.Date))
            : null;
        return new OverviewPanels(Summary(schedule?.Enrolment, schedule?.Sessions ?? [], now) + (baseline is null ? "" : $" · {baseline.Describe()}"), alerts,
            ProgressReport.Build(definition.Weeks, measures, responses.OrderBy(r => r.SubmittedAt).ToList(), diary, modules, today, at => TimeZoneInfo.ConvertTime(at, zone)),
            DiaryCalendar.Build(diary, today),
            await timeline.ForPatientAsync(patientId, new RecordHistory(modules, responses, diary, alerts)),
            measures);
    }

    /// <summary>One line under the patient's name: where they are and when their sessions and reminders come.</summary>
    private static string Summary(Enrolment? enrolment, IReadOnlyList<ScheduledEvent> sessions, DateTimeOffset now)
    {
        if (enrolment is null)
            return "Has not chosen a session time yet.";
        var week = sessions.Where(s => s.IsDue(now)).Select(s => s.Week ?? 0).DefaultIfEmpty(0).Max();
        var where = enrolment.Status != EnrolmentStatus.Active ? enrolment.Status.ToString()
            : week == 0 ? "Before week 1" : $"Week {week} of {sessions.Count}";
        return where
            + $" · sessions on {enrolment.Weekday}s at {enrolment.LocalTime:HH:mm}, {enrolment.TimeZoneId.Replace('_', ' ')} time"
            + (enrolment.DiaryReminderTime is { } reminder ? $" · diary reminder {reminder:HH:mm}" : " · diary reminder off");
    }
}
