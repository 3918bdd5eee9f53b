using System.Data.Common;
using System.Text;
using CbtProgram.Web.Data;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Outcomes.Statistics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CbtProgram.Web.Outcomes.Service;

/// <summary>
/// The service report for admins and clinical leads, computed by PostgreSQL: two statements whatever the clinic's size,
/// each aggregating the patients' flags and the stored outcome summaries (<see cref="PatientOutcome"/>); no patient is
/// loaded into memory. The figures' rules are the outcome helper's (<see cref="GroupStatistics"/>, patient_outcomes).
/// </summary>
public sealed class ServiceReport(AppDbContext db)
{
    /// <summary>Completers: at least this many modules done and the post questionnaires answered.</summary>
    public const int CompleterModules = 8;

    public static readonly string[] Points = ["Baseline", "Mid", "Post", "FollowUp"];
    public static readonly string[] Classifications = ["ReliableImprovement", "Recovery", "ReliableRecovery", "ReliableDeterioration", "Responder"];

    public async Task<ServiceReportResult> ReadAsync(ServiceReportFilter filter, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // Read-only. PostgreSQL's JIT compiler judges these whole-clinic aggregates worth compiling and spends longer
            // compiling them than they take to run (0.1-0.5 s a statement at 100,000 patients); a larger work_mem keeps
            // the per-patient hashes in memory.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var settings = new NpgsqlCommand("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'", connection, transaction))
                await settings.ExecuteNonQueryAsync(cancellationToken);
            var flow = await ReadFlowAsync(connection, filter, cancellationToken);
            var measures = await ReadMeasuresAsync(connection, filter, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ServiceReportResult(filter, flow, measures);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One row per patient in the filter, with the steps they reached (a CTE both statements start from). A point is done
    /// when its PHQ-9, the first questionnaire of every point, is answered: read from the stored outcome summary (one row a
    /// patient) rather than from every questionnaire. The modules opened and completed come from the patient's caseload
    /// summary (<see cref="CaseloadSummary.PatientSummary"/>, kept in the same transaction as every module write) rather
    /// than from every module: aggregating 950,000 modules kept the whole-clinic report over 1 s at 100,000 patients. Only
    /// the statements that need them (the flow, and the completers' figures) read the summaries.
    /// </summary>
    private static string Cohort(ServiceReportFilter filter, bool withModules = true) => $"""
        WITH points AS (
            SELECT "PatientId", "Baseline" IS NOT NULL AS baseline, "Post" IS NOT NULL AS post, "FollowUp" IS NOT NULL AS follow_up
            FROM patient_outcomes WHERE "MeasureId" = '{OutcomeMeasures.Phq9}'),
        cohort AS (
            SELECT p."Id" AS id, p."ConsentVersion" IS NOT NULL AS consented, e."Id" IS NOT NULL AS enrolled,
                   {(withModules ? """coalesce(m."FirstModuleOpened", false)""" : "NULL::boolean")} AS started,
                   {(withModules ? """coalesce(m."ModulesCompleted", 0)""" : "NULL::int")} AS modules_done,
                   coalesce(r.baseline, false) AS baseline_done, coalesce(r.post, false) AS post_done, coalesce(r.follow_up, false) AS follow_up_done
            FROM patients p
            LEFT JOIN enrolments e ON e."PatientId" = p."Id"
            {(withModules ? """LEFT JOIN patient_summaries m ON m."PatientId" = p."Id" """ : "")}
            LEFT JOIN points r ON r."PatientId" = p."Id"
            WHERE true {Where(filter)})
        """;

    private static string Where(ServiceReportFilter filter) =>
        (filter.TherapistId is null ? "" : """ AND p."AssignedTherapistId" = @therapist""")
        + (filter.From is null ? "" : """ AND e."StartDate" >= @from AND e."StartDate" < @until""");

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, ServiceReportFilter filter)
    {
        var command = new NpgsqlCommand(sql, connection);
        if (filter.TherapistId is not null)
            command.Parameters.Add(new NpgsqlParameter("therapist", NpgsqlDbType.Text) { Value = filter.TherapistId });
        if (filter.From is { } from)
        {
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = from });
            command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.Date) { Value = filter.Until!.Value });
        }
        return command;
    }

    private static async Task<PatientFlow> ReadFlowAsync(NpgsqlConnection connection, ServiceReportFilter filter, CancellationToken cancellationToken)
    {
        // Invitations never accepted have no patient row (nor a week 1): counted only when no start period is chosen.
        var invitations = filter.From is null
            ? $"""(SELECT count(*) FROM invitations WHERE "AcceptedAt" IS NULL {(filter.TherapistId is null ? "" : """AND "TherapistId" = @therapist""")})"""
            : "0";
        await using var command = Command(connection, Cohort(filter) + $"""
            SELECT count(*), count(*) FILTER (WHERE consented), count(*) FILTER (WHERE baseline_done), count(*) FILTER (WHERE started),
                   count(*) FILTER (WHERE modules_done >= {CompleterModules}), count(*) FILTER (WHERE post_done),
                   count(*) FILTER (WHERE follow_up_done), count(*) FILTER (WHERE modules_done >= {CompleterModules} AND post_done),
                   count(*) FILTER (WHERE enrolled), {invitations}
            FROM cohort
            """, filter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        int At(int i) => (int)reader.GetInt64(i);
        return new PatientFlow(At(0) + At(9), At(9), At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8), filter.From is null);
    }

    private static async Task<IReadOnlyList<MeasureSummary>> ReadMeasuresAsync(NpgsqlConnection connection, ServiceReportFilter filter, CancellationToken cancellationToken)
    {
        var columns = new StringBuilder();
        foreach (var point in Points)
            columns.Append($"""
                , count(o."{point}"), avg(o."{point}"), stddev_samp(o."{point}")
                """);
        foreach (var later in new[] { "Post", "FollowUp" })
            columns.Append($"""
                , count(*) FILTER (WHERE o."Baseline" IS NOT NULL AND o."{later}" IS NOT NULL), avg(o."{later}" - o."Baseline"),
                  stddev_samp(CASE WHEN o."{later}" IS NOT NULL THEN o."Baseline" END), corr(o."Baseline", o."{later}")
                """);
        foreach (var rate in Classifications)
            foreach (var later in new[] { "Post", "FollowUp" })
                columns.Append($"""
                    , count(*) FILTER (WHERE o."{rate}{later}"), count(o."{rate}{later}")
                    """);
        // Everyone's figures need no modules: only the completers' do.
        await using var command = Command(connection, Cohort(filter, withModules: filter.CompletersOnly) + $"""
            SELECT o."MeasureId"{columns}
            FROM cohort c JOIN patient_outcomes o ON o."PatientId" = c.id
            WHERE c.enrolled {(filter.CompletersOnly ? $"AND c.modules_done >= {CompleterModules} AND c.post_done" : "")}
            GROUP BY o."MeasureId"
            """, filter);
        var rows = new List<MeasureSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReadMeasure(reader));
        return rows.OrderBy(r => Array.IndexOf(OutcomeOrder, r.MeasureId) is var i && i < 0 ? int.MaxValue : i).ToList();
    }

    private static readonly string[] OutcomeOrder =
    [
        OutcomeMeasures.TalkingTherapies, OutcomeMeasures.Phq9, OutcomeMeasures.Gad7, OutcomeMeasures.Who5, OutcomeMeasures.Midas,
        OutcomeMeasures.HeadacheDays, OutcomeMeasures.PeakIntensity, OutcomeMeasures.HeadacheIndex, OutcomeMeasures.MedicineDays,
    ];

    private static MeasureSummary ReadMeasure(DbDataReader reader)
    {
        var i = 0;
        int Count() => (int)reader.GetInt64(++i);
        double? Number() => reader.IsDBNull(++i) ? null : Convert.ToDouble(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        var id = reader.GetString(0);
        var points = Points.ToDictionary(p => p, _ => new PointSummary(Count(), Number(), Number()));
        var effects = new[] { "Post", "FollowUp" }.ToDictionary(p => p, _ => GroupStatistics.WithinGroup(Count(), Number(), Number(), Number()));
        var rates = new Dictionary<string, Rate>();
        foreach (var rate in Classifications)
            foreach (var later in new[] { "Post", "FollowUp" })
                rates[rate + later] = GroupStatistics.Wilson(Count(), Count());
        return new MeasureSummary(id, points, effects, rates);
    }
}

/// <summary>How many reached each step (each box counts everyone who reached that step, whatever they did before).</summary>
public sealed record PatientFlow(int Invited, int InvitationsNotAccepted, int Consented, int BaselineDone, int Started, int CompletedEightModules,
    int PostDone, int FollowUpDone, int Completers, int Enrolled, bool InvitationsCounted);

public sealed record PointSummary(int N, double? Mean, double? StandardDeviation);

/// <summary>One measure's figures: each point, the effect sizes from baseline to post and to follow-up, and the rates (key: classification + point).</summary>
public sealed record MeasureSummary(string MeasureId, IReadOnlyDictionary<string, PointSummary> Points, IReadOnlyDictionary<string, EffectSize> Effects, IReadOnlyDictionary<string, Rate> Rates);

public sealed record ServiceReportResult(ServiceReportFilter Filter, PatientFlow Flow, IReadOnlyList<MeasureSummary> Measures);
