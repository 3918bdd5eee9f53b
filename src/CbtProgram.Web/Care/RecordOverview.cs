using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Journey;

namespace CbtProgram.Web.Care;

public sealed record OverviewPanels(string Summary, IReadOnlyList<RiskAlert> Alerts, ProgressReport.Report Progress, DiaryCalendar Diary, IReadOnlyList<TimelineItem> Timeline,
    IReadOnlyList<Curriculum.Definitions.MeasureDefinition> Measures);

/// <summary>
/// The Overview tab of a patient's record in one round trip whatever the patient's history (<see cref="RecordReads"/>, with
/// the banner's alerts when a therapist views it):
/// each kind of record is read once, only the columns shown, and shared by the panels that show it (summary, alerts,
/// charts, diary calendar, timeline).
/// </summary>
public sealed class RecordOverview(AppDbContext db, ProgramCatalog program, PatientTimeline timeline, BannerAlerts banner, TimeProvider clock)
{
    /// <summary>
    /// The panels; for a therapist viewing (<paramref name="therapistId"/>), the page's banner alerts are read in the same
    /// batch, and so is the view's audit entry stored (<paramref name="view"/>).
    /// </summary>
    public async Task<OverviewPanels> BuildAsync(Guid patientId, string? therapistId = null, Domain.Audit.AuditEntry? view = null)
    {
        var (definition, measures) = await program.GetAsync();
        var now = clock.GetUtcNow();
        var read = await RecordReads.ReadAsync(db, patientId, therapistId, view);
        if (therapistId is not null && read.Banner is { } open)
            banner.Provide(therapistId, open);
        var alerts = read.Alerts;

        var zone = read.Enrolment?.Zone ?? TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var baseline = read.Enrolment is { } enrolment && read.Sessions.FirstOrDefault(s => s.Week == 1) is { } week1
            && BaselineDiaryStatus.PlannedDaysOf(definition) is > 0 and var planned
            ? BaselineDiaryStatus.Compute(planned, week1.LocalDate, BaselineDiary.EnrolledOn(enrolment.CreatedAt, enrolment.TimeZoneId), read.Diary.Select(d => d.Date))
            : null;
        return new OverviewPanels(Summary(read.Enrolment, read.Sessions, now) + (baseline is null ? "" : $" · {baseline.Describe()}"), alerts,
            ProgressReport.Build(definition.Weeks, measures, read.Responses.OrderBy(r => r.SubmittedAt).ToList(), read.Diary, read.Modules, today,
                at => TimeZoneInfo.ConvertTime(at, zone)),
            DiaryCalendar.Build(read.Diary, today),
            timeline.Build(new RecordHistory(read.Modules, read.Responses, read.Diary, alerts), read.OtherEvents),
            measures);
    }

    /// <summary>One line under the patient's name: where they are and when their sessions and reminders come.</summary>
    private static string Summary(RecordReads.EnrolmentLine? enrolment, IReadOnlyList<RecordReads.SessionLine> sessions, DateTimeOffset now)
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
