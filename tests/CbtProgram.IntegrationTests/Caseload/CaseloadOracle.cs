using CbtProgram.Web.Care;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// The caseload as the site computed it before the patient summaries (issue 18), kept as the consistency test's oracle:
/// every patient's live figures recomputed from diary, schedule, modules, PHQ-9 history, alerts and messages. Only
/// change from the original: PHQ-9 scores submitted at the same instant are ordered by week and point (as the summary
/// does), where the original left their order to the database.
/// </summary>
public sealed class CaseloadOracle(AppDbContext db, ProgramCatalog program, TimeProvider clock)
{
    private sealed record PatientFigures(
        Guid PatientId, string Name, Guid? EnrolmentId, int? Status,
        int RecentDays, int RecentHeadache, int[] RecentMedicineKinds, int BaselineDays, int BaselineHeadache, DateTimeOffset? LastEntry,
        int UnreadMessages, DateTimeOffset? LastFromPatient, string? NotOnTrackRule)
    {
        public EnrolmentStatus? EnrolmentStatus => (EnrolmentStatus?)Status;
        public bool HasDiary => LastEntry is not null;
    }

    private sealed record EventRow(Guid EnrolmentId, ScheduledEventKind Kind, int? Week, DateTimeOffset DueAt, ScheduledEventStatus Status);
    private sealed record ModuleRow(Guid PatientId, int Week, DateTimeOffset OpenedAt, DateTimeOffset? CompletedAt, DateTimeOffset? LastActivityAt);
    private sealed record ScoreRow(Guid PatientId, string Point, int Week, int Score, string? Band, DateTimeOffset SubmittedAt);
    private sealed record AlertRow(Guid Id, Guid PatientId, DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt);

    public async Task<IReadOnlyList<CaseloadRow>> ForTherapistAsync(string therapistId)
    {
        var (definition, measures) = await program.GetAsync();
        var now = clock.GetUtcNow();

        var patients = await PatientFiguresAsync(therapistId, now);
        var patientIds = patients.Select(p => p.PatientId).ToList();
        var enrolmentIds = patients.Where(p => p.EnrolmentId is not null).Select(p => p.EnrolmentId!.Value).ToList();

        var events = await db.ScheduledEvents.AsNoTracking()
            .Where(e => enrolmentIds.Contains(e.EnrolmentId)
                && (e.Kind == ScheduledEventKind.SessionOpens || e.Kind == ScheduledEventKind.FollowUpOpens || e.Kind == ScheduledEventKind.FollowUpCloses))
            .Select(e => new EventRow(e.EnrolmentId, e.Kind, e.Week, e.DueAt, e.Status)).ToListAsync();
        var modules = await db.PatientModules.AsNoTracking().Where(m => patientIds.Contains(m.PatientId))
            .Select(m => new ModuleRow(m.PatientId, m.Week, m.OpenedAt, m.CompletedAt, m.LastActivityAt)).ToListAsync();
        var scores = await db.MeasureResponses.AsNoTracking().Where(r => patientIds.Contains(r.PatientId) && r.MeasureId == "phq-9")
            .Select(r => new ScoreRow(r.PatientId, r.Point, r.Week, r.Score, r.Band, r.SubmittedAt)).ToListAsync();
        var alerts = await db.RiskAlerts.AsNoTracking().Where(a => patientIds.Contains(a.PatientId) && a.ResolvedAt == null)
            .Select(a => new AlertRow(a.Id, a.PatientId, a.RaisedAt, a.AcknowledgedAt)).ToListAsync();
        var phq9 = measures.FirstOrDefault(m => m.Id == "phq-9");

        var eventsOf = events.ToLookup(e => e.EnrolmentId);
        var modulesOf = modules.ToLookup(m => m.PatientId);
        var scoresOf = scores.OrderBy(s => s.SubmittedAt).ThenBy(s => s.Week).ThenBy(s => s.Point, StringComparer.Ordinal).ToLookup(s => s.PatientId);
        var alertsOf = alerts.ToLookup(a => a.PatientId);
        return patients.Select(p => Row(p, definition.Weeks, CbtProgram.Web.Outcomes.Tracking.NotOnTrackRules.Rise(p.NotOnTrackRule, phq9, definition), definition.Reminders.MissedSessionsFlag, now,
                p.EnrolmentId is { } enrolmentId ? eventsOf[enrolmentId].ToList() : [],
                modulesOf[p.PatientId].ToList(), scoresOf[p.PatientId].ToList(), alertsOf[p.PatientId].ToList()))
            .ToList();
    }

    /// <summary>
    /// Each patient with their diary figures (the last 28 days up to the patient's own today, as the medication rule
    /// counts them, with the kinds ticked on each medicine day; the days before week 1; the latest change) and messages
    /// from them: per-patient range scans on the (PatientId, Date), (PatientId, UpdatedAt) and (PatientId, SentAt) indexes.
    /// </summary>
    private Task<List<PatientFigures>> PatientFiguresAsync(string therapistId, DateTimeOffset now) => db.Database.SqlQuery<PatientFigures>($"""
        SELECT p."Id" AS "PatientId", u."DisplayName" AS "Name", e."Id" AS "EnrolmentId", e."Status",
               recent."Days" AS "RecentDays", recent."Headache" AS "RecentHeadache", recent."MedicineKinds" AS "RecentMedicineKinds",
               baseline."Days" AS "BaselineDays", baseline."Headache" AS "BaselineHeadache",
               (SELECT max(d."UpdatedAt") FROM diary_entries d WHERE d."PatientId" = p."Id") AS "LastEntry",
               inbox."Unread" AS "UnreadMessages", inbox."Last" AS "LastFromPatient",
               -- The patient's not-on-track rule (Outcomes/Tracking); the worsening flag rises by it.
               (SELECT w."Rule" FROM outcome_watches w WHERE w."PatientId" = p."Id") AS "NotOnTrackRule"
        FROM patients p
        JOIN "AspNetUsers" u ON u."Id" = p."UserId"
        -- A lateral lookup, so each patient's enrolment comes from its unique index whatever the clinic's size.
        LEFT JOIN LATERAL (SELECT e."Id", e."Status", e."TimeZoneId" FROM enrolments e WHERE e."PatientId" = p."Id") e ON true
        -- The patient's own date now (UTC's before they choose a zone): the 28-day window ends with it.
        CROSS JOIN LATERAL (SELECT COALESCE(({now} AT TIME ZONE e."TimeZoneId")::date, ({now} AT TIME ZONE 'UTC')::date) AS "Today") local
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS "Days", count(*) FILTER (WHERE d."HadHeadache")::int AS "Headache",
                   COALESCE(array_agg(d."MedicineKinds") FILTER (WHERE d."TookAcuteMedication"), ARRAY[]::int[]) AS "MedicineKinds"
            FROM diary_entries d
            WHERE d."PatientId" = p."Id" AND d."Date" BETWEEN local."Today" - {MedicationOveruse.WindowDays - 1} AND local."Today") recent
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS "Days", count(*) FILTER (WHERE d."HadHeadache")::int AS "Headache"
            FROM diary_entries d
            WHERE d."PatientId" = p."Id" AND d."Date" < (
                SELECT week1."DueAt"::date FROM scheduled_events week1
                WHERE week1."EnrolmentId" = e."Id" AND week1."Kind" = {(int)ScheduledEventKind.SessionOpens} AND week1."Week" = 1)) baseline
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE m."ReadAt" IS NULL)::int AS "Unread", max(m."SentAt") AS "Last"
            FROM messages m WHERE m."PatientId" = p."Id" AND m."FromPatient") inbox
        WHERE p."AssignedTherapistId" = {therapistId}
        """).ToListAsync();

    /// <summary>The open alerts as the banner lists them: unacknowledged first, oldest first.</summary>
    public async Task<IReadOnlyList<OpenAlert>> BannerAsync(string therapistId) =>
        (await (from alert in db.RiskAlerts.AsNoTracking()
                join patient in db.Patients on alert.PatientId equals patient.Id
                join user in db.Users on patient.UserId equals user.Id
                where alert.ResolvedAt == null && patient.AssignedTherapistId == therapistId
                select new OpenAlert(alert.Id, patient.Id, user.DisplayName, alert.RaisedAt, alert.AcknowledgedAt != null)).ToListAsync())
        .OrderBy(a => a.Acknowledged).ThenBy(a => a.RaisedAt).ToList();

    private static CaseloadRow Row(PatientFigures patient, int weeks, int worseningRise, int missedFlag, DateTimeOffset now,
        List<EventRow> events, List<ModuleRow> modules, List<ScoreRow> scores, List<AlertRow> alerts)
    {
        var diary = patient.HasDiary ? patient : null;
        var sessions = events.Where(e => e.Kind == ScheduledEventKind.SessionOpens && e.Status != ScheduledEventStatus.Cancelled)
            .OrderBy(e => e.Week).ToList();
        var week = sessions.Where(s => s.DueAt <= now).Select(s => s.Week ?? 0).DefaultIfEmpty(0).Max();
        var completed = modules.Where(m => m.CompletedAt is not null).Select(m => m.Week).ToHashSet();
        var followUpOpens = events.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens)?.DueAt;
        var followUpCloses = events.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpCloses)?.DueAt;
        var followUpAnswered = scores.Any(s => s.Point == AssessmentPoints.FollowUp);
        var programEnds = sessions.Count > 0 ? sessions[^1].DueAt.AddDays(7) : (DateTimeOffset?)null;

        var stage = patient.EnrolmentStatus switch
        {
            null => CaseStage.NotStarted,
            EnrolmentStatus.Withdrawn => CaseStage.Withdrawn,
            EnrolmentStatus.Paused => CaseStage.Paused,
            _ when week == 0 => CaseStage.Baseline,
            _ when programEnds is { } end && now < end => CaseStage.InProgram,
            _ when followUpAnswered => CaseStage.FollowUpDone,
            _ when followUpOpens is { } opens && now < opens => CaseStage.Finished,
            _ when followUpCloses is { } closes && now <= closes => CaseStage.FollowUpDue,
            _ => CaseStage.FollowUpMissed,
        };

        // A session ends when the next one opens (the last one a week after it opened); on time means completed by then.
        var ends = sessions.Select((s, i) => (s.Week, Ends: i + 1 < sessions.Count ? sessions[i + 1].DueAt : s.DueAt.AddDays(7))).ToList();
        var ended = ends.Count(e => e.Ends <= now);
        var onTime = ends.Count(e => modules.Any(m => m.Week == e.Week && m.CompletedAt is { } at && at <= e.Ends));

        var baseline = scores.FirstOrDefault(s => s.Point == AssessmentPoints.Baseline);
        var latest = scores.LastOrDefault();
        var headache = diary is null ? null : ClinicalFlags.Per28Days(diary.RecentHeadache, diary.RecentDays);
        var baselineHeadache = diary is null ? null : ClinicalFlags.Per28Days(diary.BaselineHeadache, diary.BaselineDays);
        var missed = stage == CaseStage.InProgram ? CbtProgram.Web.Domain.Scheduling.MissedSessions.InARow(completed, week) : 0;

        var flags = new List<CaseFlagKind>();
        if (alerts.Count > 0)
            flags.Add(CaseFlagKind.RiskAlert);
        if (ClinicalFlags.IsWorsening(baseline?.Score, latest?.Score, worseningRise) && latest != baseline)
            flags.Add(CaseFlagKind.Worsening);
        if (missed >= missedFlag)
            flags.Add(CaseFlagKind.MissedSessions);
        var medication = diary is null ? null : MedicationOveruse.Assess(diary.RecentDays, diary.RecentMedicineKinds.Select(k => (AcuteMedicineKinds)k));
        if (medication is { IsFlagged: true })
            flags.Add(CaseFlagKind.MedicationOveruse);
        if (stage == CaseStage.FollowUpDue)
            flags.Add(CaseFlagKind.FollowUpDue);
        if (stage == CaseStage.FollowUpMissed)
            flags.Add(CaseFlagKind.FollowUpMissed);

        var lastActivity = new[]
        {
            modules.Max(m => m.LastActivityAt ?? m.CompletedAt), diary?.LastEntry, scores.Count > 0 ? scores.Max(s => s.SubmittedAt) : null,
            patient.LastFromPatient,
        }.Max();

        return new CaseloadRow(patient.PatientId, patient.Name, stage, week, weeks, lastActivity, onTime, ended,
            latest?.Score, latest?.Band, latest is null || baseline is null ? null : latest.Score - baseline.Score,
            headache, headache is null || baselineHeadache is null ? null : headache - baselineHeadache,
            missed, flags, alerts.Any(a => a.AcknowledgedAt is null), patient.UnreadMessages, medication);
    }
}
