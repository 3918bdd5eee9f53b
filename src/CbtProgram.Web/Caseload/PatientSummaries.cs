using System.Data.Common;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>
/// Keeps <c>patient_summaries</c> equal to a fresh computation. One set of statements (<c>RefreshSql</c>) recomputes
/// the rows of the given patients (or of the patients of the given enrolments) from the database, inside the write's
/// transaction and after its statements, so the summary commits or rolls back with it. Every EF write that can change
/// a summary sends them with its own SaveChanges command (<see cref="PatientSummaryRefresh"/>, <see cref="AppendRefresh"/>);
/// writes made with SQL call <see cref="RefreshAsync"/> themselves.
/// <para>
/// Two writers of one patient at once cannot leave a stale row: the refresh first takes a transaction-scoped advisory
/// lock per patient (in patient id order, so two batches never deadlock), and only then computes, in a statement whose
/// snapshot is taken after the lock was granted, so it sees whatever the previous holder committed.
/// </para>
/// </summary>
public sealed class PatientSummaries(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The facts of each patient in <c>@patients</c> (plus the patients of <c>@enrolments</c>) as of <c>@now</c>: only
    /// the diary record's first day depends on the time (35 days before the patient's own date at <c>@now</c>).
    /// Every lookup is a per-patient index range scan.
    /// </summary>
    private static readonly string FactsSql = $"""
        SELECT p."Id" AS "PatientId", e."Id" AS "EnrolmentId", e."Status" AS "EnrolmentStatus", e."TimeZoneId",
               COALESCE(sessions."Packed", ''::bytea) AS "Sessions",
               (SELECT s."DueAt" FROM scheduled_events s WHERE s."EnrolmentId" = e."Id" AND s."Kind" = {(int)ScheduledEventKind.FollowUpOpens} ORDER BY s."DueAt" LIMIT 1) AS "FollowUpOpensAt",
               (SELECT s."DueAt" FROM scheduled_events s WHERE s."EnrolmentId" = e."Id" AND s."Kind" = {(int)ScheduledEventKind.FollowUpCloses} ORDER BY s."DueAt" LIMIT 1) AS "FollowUpClosesAt",
               completed."FirstOpened" AS "FirstModuleOpened",
               COALESCE(completed."Packed", ''::bytea) AS "CompletedModules",
               completed."Count" AS "ModulesCompleted",
               baseline."Week" AS "BaselinePhq9Week", baseline."Score" AS "BaselinePhq9Score", baseline."Band" AS "BaselinePhq9Band", baseline."SubmittedAt" AS "BaselinePhq9At",
               latest."Point" AS "LatestPhq9Point", latest."Week" AS "LatestPhq9Week", latest."Score" AS "LatestPhq9Score", latest."Band" AS "LatestPhq9Band", latest."SubmittedAt" AS "LatestPhq9At",
               EXISTS (SELECT 1 FROM measure_responses r WHERE r."PatientId" = p."Id" AND r."MeasureId" = 'phq-9' AND r."Point" = '{AssessmentPoints.FollowUp}') AS "FollowUpAnswered",
               diary."Last" AS "LastDiaryAt",
               diary_baseline."Days" AS "BaselineDiaryDays", diary_baseline."Headache" AS "BaselineHeadacheDays",
               local."Today" - {DiaryRecordDays - 1} AS "DiaryFrom",
               COALESCE(recent."Days", ''::bytea) AS "DiaryDays",
               GREATEST(modules."Last", diary."Last", phq9."Last", inbox."Last") AS "LastActivityAt",
               inbox."Unread" AS "UnreadMessages",
               (SELECT w."Rule" FROM outcome_watches w WHERE w."PatientId" = p."Id") AS "NotOnTrackRule",
               COALESCE(alerts."Packed", ''::bytea) AS "OpenAlerts",
               @now AS "RefreshedAt"
        -- Driven by the targets alone, so each lookup below runs once per target (read from patients, the planner
        -- computed every patient's facts before joining the targets: 0.65 s a save at 2,000 patients).
        FROM targets p
        -- OFFSET 0 keeps this a per-target lookup: flattened into a join, it was planned as a hash of every enrolment.
        LEFT JOIN LATERAL (SELECT e."Id", e."Status", e."TimeZoneId" FROM enrolments e WHERE e."PatientId" = p."Id" OFFSET 0) e ON true
        -- The patient's own date at @now (UTC's before they choose a zone), as the caseload's diary window reads it.
        CROSS JOIN LATERAL (SELECT COALESCE((@now AT TIME ZONE e."TimeZoneId")::date, (@now AT TIME ZONE 'UTC')::date) AS "Today") local
        CROSS JOIN LATERAL (
            SELECT {SummaryWeeks.Sql("COALESCE(s.\"Week\", 0)", "s.\"DueAt\"", "s.\"Week\", s.\"DueAt\"")} AS "Packed"
            FROM scheduled_events s
            WHERE s."EnrolmentId" = e."Id" AND s."Kind" = {(int)ScheduledEventKind.SessionOpens} AND s."Status" <> {(int)ScheduledEventStatus.Cancelled}) sessions
        CROSS JOIN LATERAL (
            SELECT COALESCE(bool_or(m."Week" = 1), false) AS "FirstOpened",
                   {SummaryWeeks.Sql("m.\"Week\"", "m.\"CompletedAt\"", "m.\"Week\"")} FILTER (WHERE m."CompletedAt" IS NOT NULL) AS "Packed",
                   count(m."CompletedAt")::int AS "Count",
                   max(COALESCE(m."LastActivityAt", m."CompletedAt")) AS "Last"
            FROM patient_modules m WHERE m."PatientId" = p."Id") completed
        CROSS JOIN LATERAL (SELECT completed."Last") modules
        LEFT JOIN LATERAL (
            SELECT r."Week", r."Score", r."Band", r."SubmittedAt" FROM measure_responses r
            WHERE r."PatientId" = p."Id" AND r."MeasureId" = 'phq-9' AND r."Point" = '{AssessmentPoints.Baseline}'
            ORDER BY r."SubmittedAt", r."Week", r."Point" COLLATE "C" LIMIT 1) baseline ON true
        LEFT JOIN LATERAL (
            SELECT r."Point", r."Week", r."Score", r."Band", r."SubmittedAt" FROM measure_responses r
            WHERE r."PatientId" = p."Id" AND r."MeasureId" = 'phq-9'
            ORDER BY r."SubmittedAt" DESC, r."Week" DESC, r."Point" COLLATE "C" DESC LIMIT 1) latest ON true
        CROSS JOIN LATERAL (SELECT latest."SubmittedAt" AS "Last") phq9
        CROSS JOIN LATERAL (SELECT max(d."UpdatedAt") AS "Last" FROM diary_entries d WHERE d."PatientId" = p."Id") diary
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS "Days", count(*) FILTER (WHERE d."HadHeadache")::int AS "Headache"
            FROM diary_entries d
            WHERE d."PatientId" = p."Id" AND d."Date" < (
                SELECT week1."DueAt"::date FROM scheduled_events week1
                WHERE week1."EnrolmentId" = e."Id" AND week1."Kind" = {(int)ScheduledEventKind.SessionOpens} AND week1."Week" = 1)) diary_baseline
        CROSS JOIN LATERAL (
            SELECT {SummaryDiaryDays.Sql($"local.\"Today\" - {DiaryRecordDays - 1}")} AS "Days"
            FROM diary_entries d WHERE d."PatientId" = p."Id" AND d."Date" >= local."Today" - {DiaryRecordDays - 1}) recent
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE m."ReadAt" IS NULL)::int AS "Unread", max(m."SentAt") AS "Last"
            FROM messages m WHERE m."PatientId" = p."Id" AND m."FromPatient") inbox
        CROSS JOIN LATERAL (
            SELECT {SummaryAlerts.Sql} AS "Packed"
            FROM risk_alerts a WHERE a."PatientId" = p."Id" AND a."ResolvedAt" IS NULL) alerts
        """;

    /// <summary>The patients asked for, and those of the enrolments asked for, once each.</summary>
    private const string TargetsSql = """
        targets AS (
            SELECT DISTINCT t."Id" FROM (
                SELECT unnest(@patients) AS "Id"
                UNION ALL SELECT e."PatientId" FROM enrolments e WHERE e."Id" = ANY(@enrolments)) t
            JOIN patients p ON p."Id" = t."Id")
        """;

    /// <summary>The advisory lock key of one patient's records (the patient id in <c>"Id"</c>).</summary>
    private const string LockKeySql = """hashtextextended('patient-summary:' || "Id"::text, 0)""";

    /// <summary>
    /// Takes the patient's write lock until the caller's transaction ends: the lock every summary refresh takes, so a
    /// write that takes it first reads, computes and saves with no other writer of that patient in between (the
    /// refresh inside its own SaveChanges takes it again, which PostgreSQL grants at once to the same transaction).
    /// </summary>
    public static async Task LockPatientAsync(DbContext db, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A patient's write lock is held until the transaction ends: begin one first.");
        await db.Database.ExecuteSqlRawAsync(LockPatientSql("@p0"), [patientId], cancellationToken);
    }

    /// <summary>
    /// The statement that takes one patient's write lock, the patient's id given as <paramref name="patientIdSql"/> (a
    /// parameter), for a caller that sends it first in a batch of its own reads (<see cref="Data.SqlBatch"/>: each
    /// statement after it in the batch sees what the lock's previous holder committed).
    /// </summary>
    public static string LockPatientSql(string patientIdSql) =>
        $"""SELECT pg_advisory_xact_lock({LockKeySql}) FROM (SELECT {patientIdSql}::uuid AS "Id") patient""";

    private static readonly string[] Columns = typeof(PatientSummary).GetProperties().Select(p => p.Name).ToArray();

    private static readonly string ColumnList = string.Join(", ", Columns.Select(c => $"\"{c}\""));

    /// <summary>
    /// The lock, then the upsert, sent together (and, from SaveChanges, with the write's own statements). Both run on a
    /// generic plan (<see cref="GenericPlan"/>): left to choose, PostgreSQL re-planned the upsert for each save (0.8-3.6 ms
    /// of planning for 0.3 ms of work, as its generic plan's estimate for an array of unknown length looked dearer). The
    /// plan is driven by the targets, so it suits one patient or five hundred.
    /// </summary>
    private static readonly string RefreshSql = $"""
        {GenericPlan.Begin}
        WITH {TargetsSql}
        SELECT pg_advisory_xact_lock({LockKeySql}) FROM (SELECT "Id" FROM targets ORDER BY "Id") locked;
        WITH {TargetsSql}
        INSERT INTO patient_summaries ({ColumnList})
        SELECT {ColumnList} FROM (
        {FactsSql}
        ) facts
        ON CONFLICT ("PatientId") DO UPDATE SET {string.Join(", ", Columns.Where(c => c != "PatientId").Select(c => $"\"{c}\" = EXCLUDED.\"{c}\""))};
        {GenericPlan.End}
        """;

    private static readonly string ComputeSql = $"""
        WITH {TargetsSql}
        {FactsSql}
        """;

    /// <summary>Days of diary kept in the row: the 28-day window and a week to spare (a zone change moves "today" by a day or so).</summary>
    public const int DiaryRecordDays = MedicationOveruse.WindowDays + 7;

    /// <summary>
    /// Recomputes and stores the rows of these patients and of the patients of these enrolments. Call it inside the
    /// transaction of the write, after the write's statements (an EF write need not call it: its SaveChanges sends the
    /// refresh itself, <see cref="PatientSummaryRefresh"/>).
    /// Without a transaction it makes its own, so the lock holds until the rows are stored.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> patientIds, IReadOnlyCollection<Guid>? enrolmentIds = null, CancellationToken cancellationToken = default)
    {
        if (patientIds.Count == 0 && (enrolmentIds is null || enrolmentIds.Count == 0))
            return;
        if (db.Database.CurrentTransaction is not null)
        {
            await ExecuteRefreshAsync(db, patientIds, enrolmentIds ?? [], clock.GetUtcNow(), cancellationToken);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ExecuteRefreshAsync(db, patientIds, enrolmentIds ?? [], clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task ExecuteRefreshAsync(DbContext context, IReadOnlyCollection<Guid> patientIds, IReadOnlyCollection<Guid> enrolmentIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlRawAsync(RefreshSql, Parameters(patientIds, enrolmentIds, now), cancellationToken);

    /// <summary>
    /// Adds the refresh to a command about to be sent (a SaveChanges command, by <see cref="PatientSummaryRefresh"/>):
    /// its statements run after the command's own, in the same round trip and the same transaction, so they see the
    /// command's writes.
    /// </summary>
    internal static void AppendRefresh(DbCommand command, IReadOnlyCollection<Guid> patientIds, IReadOnlyCollection<Guid> enrolmentIds, DateTimeOffset now)
    {
        var sql = command.CommandText.TrimEnd();
        command.CommandText = (sql.EndsWith(';') ? sql : sql + ";") + "\n" + RefreshSql;
        command.Parameters.AddRange(Parameters(patientIds, enrolmentIds, now));
    }

    /// <summary>A fresh computation from the database alone, as of <paramref name="asOf"/> (what the stored rows must equal).</summary>
    public Task<List<PatientSummary>> ComputeAsync(IReadOnlyCollection<Guid> patientIds, DateTimeOffset asOf) =>
        db.Set<PatientSummary>().FromSqlRaw(ComputeSql, Parameters(patientIds, [], asOf)).AsNoTracking().ToListAsync();

    /// <summary>Recomputes every patient's row, a batch at a time, each batch in its own transaction (<c>caseload rebuild</c>).</summary>
    public async Task<int> RebuildAllAsync(int batch = 500, CancellationToken cancellationToken = default)
    {
        var ids = await db.Patients.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(batch))
            await RefreshAsync(chunk, null, cancellationToken);
        return ids.Count;
    }

    /// <summary>Stores the rows of patients who have none yet (start-up, and the caseload page for a patient it finds without one).</summary>
    public async Task<int> BackfillMissingAsync(int batch = 500, CancellationToken cancellationToken = default)
    {
        var missing = await db.Patients.AsNoTracking()
            .Where(p => !db.Set<PatientSummary>().Any(s => s.PatientId == p.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var chunk in missing.Chunk(batch))
            await RefreshAsync(chunk, null, cancellationToken);
        return missing.Count;
    }

    private static object[] Parameters(IReadOnlyCollection<Guid> patientIds, IReadOnlyCollection<Guid> enrolmentIds, DateTimeOffset now) =>
    [
        new NpgsqlParameter("patients", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = patientIds.ToArray() },
        new NpgsqlParameter("enrolments", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = enrolmentIds.ToArray() },
        new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now },
    ];
}
