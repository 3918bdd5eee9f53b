using System.Data.Common;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Audit;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;

namespace CbtProgram.Web.Care;

/// <summary>
/// Everything the record Overview shows about one patient, read in one round trip (a <see cref="SqlBatch"/> of seven
/// statements: enrolment, session openings, questionnaires, diary, modules, the timeline's other events, and the risk
/// alerts, whole entities as the alert panel uses them, made by <see cref="EntityRows"/>), and, when a therapist is
/// viewing, an eighth: the open alerts of the page's banner (<see cref="RiskAlerts.OpenOfTherapistSql"/>), so the layout
/// reads none of its own.
/// </summary>
public sealed record RecordReads(
    RecordReads.EnrolmentLine? Enrolment,
    IReadOnlyList<RecordReads.SessionLine> Sessions,
    IReadOnlyList<ProgressReport.Response> Responses,
    IReadOnlyList<DiaryDaySummary> Diary,
    IReadOnlyList<ProgressReport.ModuleDone> Modules,
    IReadOnlyList<TimelineEvent> OtherEvents,
    IReadOnlyList<RiskAlert> Alerts,
    IReadOnlyList<OpenAlert>? Banner = null)
{
    public sealed record EnrolmentLine(EnrolmentStatus Status, DayOfWeek Weekday, TimeOnly LocalTime, string TimeZoneId, TimeOnly? DiaryReminderTime, DateTimeOffset CreatedAt)
    {
        public TimeZoneInfo Zone => PatientTimeZones.Find(TimeZoneId);
    }

    /// <summary>A week's session opening, as <see cref="ScheduledEvent.IsDue"/> sees it.</summary>
    public sealed record SessionLine(int? Week, DateOnly LocalDate, DateTimeOffset DueAt, ScheduledEventStatus Status)
    {
        public bool IsDue(DateTimeOffset now) => Status != ScheduledEventStatus.Cancelled && DueAt <= now;
    }

    /// <summary>
    /// The patient's records, and the banner's alerts of <paramref name="bannerTherapistId"/> when one is given; the audit
    /// entry of the view (<paramref name="view"/>), when given, is stored in the same round trip, before the reads.
    /// </summary>
    public static async Task<RecordReads> ReadAsync(AppDbContext db, Guid patientId, string? bannerTherapistId = null, AuditEntry? view = null)
    {
        var batch = new SqlBatch();
        if (view is not null)
            AuditLog.AddTo(batch, view);
        batch
            .Add("""
                SELECT "Status", "Weekday", "LocalTime", "TimeZoneId", "DiaryReminderTime", "CreatedAt" FROM enrolments WHERE "PatientId" = $1
                """, patientId)
            .Add("""
                SELECT s."Week", s."LocalDate", s."DueAt", s."Status" FROM scheduled_events s JOIN enrolments e ON e."Id" = s."EnrolmentId"
                WHERE e."PatientId" = $1 AND s."Kind" = $2 ORDER BY s."Id"
                """, patientId, (int)ScheduledEventKind.SessionOpens)
            // In the unique index's order (measure, point, week), as the page always listed answers given at the same
            // moment (the baseline's four); the charts sort them by time.
            .Add("""
                SELECT "MeasureId", "Point", "Week", "Score", "Band", "SubmittedAt" FROM measure_responses WHERE "PatientId" = $1
                ORDER BY "MeasureId", "Point", "Week"
                """, patientId)
            .Add("""
                SELECT "Date", "HadHeadache", "PeakIntensity", "TookAcuteMedication", "MedicineKinds", "Mood", "UpdatedAt" FROM diary_entries
                WHERE "PatientId" = $1 ORDER BY "Date"
                """, patientId)
            .Add("""
                SELECT "Week", "OpenedAt", "CompletedAt" FROM patient_modules WHERE "PatientId" = $1 ORDER BY "Week"
                """, patientId)
            .AddOnGenericPlan(PatientTimeline.OtherEventsSql, patientId)
            .Add($"""
                SELECT {EntityRows.Columns<RiskAlert>(db, "a")} FROM risk_alerts a WHERE a."PatientId" = $1 ORDER BY a."RaisedAt" DESC, a."Id"
                """, patientId);
        if (bannerTherapistId is not null)
            batch.Add(RiskAlerts.OpenOfTherapistSql, bannerTherapistId);
        List<EnrolmentLine> enrolments;
        List<SessionLine> sessions;
        List<ProgressReport.Response> responses;
        List<DiaryDaySummary> diary;
        List<ProgressReport.ModuleDone> modules;
        List<TimelineEvent> others;
        List<RiskAlert> alerts;
        List<OpenAlert>? banner;
        await using (var results = await batch.ExecuteAsync(db))
        {
            enrolments = await results.ReadAsync(r => new EnrolmentLine((EnrolmentStatus)r.GetInt32(0), (DayOfWeek)r.GetInt32(1), r.GetFieldValue<TimeOnly>(2),
                r.GetString(3), NullOr<TimeOnly>(r, 4), r.GetFieldValue<DateTimeOffset>(5)));
            sessions = await results.ReadAsync(r => new SessionLine(NullOr<int>(r, 0), r.GetFieldValue<DateOnly>(1), r.GetFieldValue<DateTimeOffset>(2),
                (ScheduledEventStatus)r.GetInt32(3)));
            responses = await results.ReadAsync(r => new ProgressReport.Response(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)));
            diary = await results.ReadAsync(r => new DiaryDaySummary(r.GetFieldValue<DateOnly>(0), r.GetBoolean(1), NullOr<int>(r, 2), r.GetBoolean(3),
                (AcuteMedicineKinds)r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6)));
            modules = await results.ReadAsync(r => new ProgressReport.ModuleDone(r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1), NullOr<DateTimeOffset>(r, 2)));
            others = await results.ReadAsync(PatientTimeline.ReadEvent);
            alerts = await results.ReadAsync(EntityRows.Reader<RiskAlert>(db));
            banner = bannerTherapistId is null ? null : await results.ReadAsync(RiskAlerts.ReadOpenAlert);
        }
        if (enrolments.Count > 1)
            throw new InvalidOperationException("A patient has more than one enrolment.");
        return new RecordReads(enrolments.FirstOrDefault(), enrolments.Count == 0 ? [] : sessions, responses, diary, modules, others, alerts, banner);
    }

    private static T? NullOr<T>(DbDataReader row, int column) where T : struct => row.IsDBNull(column) ? null : row.GetFieldValue<T>(column);
}
