using System.IO.Compression;
using System.Text;
using CbtProgram.Web.Data;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CbtProgram.Web.Outcomes.Research;

/// <summary>
/// The research export: a tidy CSV (one row per patient, point and measure, then the diary windows) of the patients who
/// said yes to the live research text, under an export key's pseudonyms, and its data dictionary, in one zip. Rows are
/// read from PostgreSQL a few at a time and written as they come.
/// </summary>
public sealed class ResearchExport(AppDbContext db, ResearchConsents consents)
{
    public const string CsvName = "cbtprogram-research.csv";
    public const string DictionaryName = "data-dictionary.md";

    public static readonly string[] Columns =
        ["pseudonym", "kind", "point", "week", "measure", "score", "band", "days_from_week1", "diary_days_recorded", "completed_modules", "export_key"];

    public sealed record Result(byte[] Zip, int Rows, int Patients);

    /// <summary>The zip, or null when the clinic is not asking about research (then nobody can have agreed).</summary>
    public async Task<Result?> ExportAsync(PseudonymKey key, CancellationToken cancellationToken = default)
    {
        if (await consents.OfferedAsync() is not { } offered)
            return null;
        using var zip = new MemoryStream();
        int rows, patients;
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var csv = new StreamWriter(archive.CreateEntry(CsvName).Open(), new UTF8Encoding(false)))
                (rows, patients) = await WriteCsvAsync(csv, key, offered.Version, cancellationToken);
            await using var dictionary = new StreamWriter(archive.CreateEntry(DictionaryName).Open(), new UTF8Encoding(false));
            await dictionary.WriteAsync(ResearchColumns.Markdown(key.Name, offered.Version));
        }
        return new Result(zip.ToArray(), rows, patients);
    }

    private async Task<(int Rows, int Patients)> WriteCsvAsync(StreamWriter csv, PseudonymKey key, int researchVersion, CancellationToken cancellationToken)
    {
        await csv.WriteAsync(string.Join(',', Columns) + "\r\n");
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter("research_version", NpgsqlDbType.Integer) { Value = researchVersion });
            command.Parameters.Add(new NpgsqlParameter("diary", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = DiaryMeasures });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var (rows, patients, last) = (0, 0, Guid.Empty);
            string pseudonym = "";
            while (await reader.ReadAsync(cancellationToken))
            {
                var patient = reader.GetGuid(0);
                if (patient != last)
                    (last, pseudonym, patients) = (patient, key.For(patient), patients + 1);
                object? At(int i) => reader.IsDBNull(i) ? null : reader.GetValue(i);
                await csv.WriteAsync(string.Join(',', new object?[] { pseudonym, At(1), At(2), At(3), At(4), Score(At(5)), At(6), At(7), At(8), At(9), key.Name }
                    .Select(CsvCells.Cell)) + "\r\n");
                rows++;
            }
            return (rows, patients);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Questionnaire totals are whole numbers; diary figures keep two decimals.</summary>
    private static object? Score(object? value) => value is double d ? Math.Round(d, 2) : value;

    private static readonly string[] DiaryMeasures =
        [OutcomeMeasures.HeadacheDays, OutcomeMeasures.PeakIntensity, OutcomeMeasures.HeadacheIndex, OutcomeMeasures.MedicineDays];

    private static readonly string Sql = $"""
        WITH agreeing AS ({ResearchConsents.AgreeingPatientsSql}),
        modules AS (
            SELECT m."PatientId", count(*) FILTER (WHERE m."CompletedAt" IS NOT NULL) AS done
            FROM patient_modules m JOIN agreeing a ON a."PatientId" = m."PatientId" GROUP BY m."PatientId"),
        rows AS (
            SELECT r."PatientId", 'questionnaire' AS kind, r."Point" AS point,
                   CASE WHEN r."Point" IN ('weekly', 'mid') THEN r."Week" END AS week, r."MeasureId" AS measure,
                   r."Score"::double precision AS score, r."Band" AS band,
                   (timezone(e."TimeZoneId", r."SubmittedAt"))::date - e."StartDate" AS days_from_week1, NULL::integer AS diary_days,
                   CASE r."Point" WHEN 'baseline' THEN 0 WHEN 'weekly' THEN 1 WHEN 'mid' THEN 2 WHEN 'post' THEN 3 ELSE 4 END AS point_order
            FROM measure_responses r JOIN agreeing a ON a."PatientId" = r."PatientId"
            LEFT JOIN enrolments e ON e."PatientId" = r."PatientId"
            UNION ALL
            SELECT o."PatientId", 'diary_window', w.point, NULL, o."MeasureId", w.score, NULL, NULL, w.days, w.point_order + 5
            FROM patient_outcomes o JOIN agreeing a ON a."PatientId" = o."PatientId"
            CROSS JOIN LATERAL (VALUES ('baseline', o."Baseline", o."BaselineDiaryDays", 0), ('post', o."Post", o."PostDiaryDays", 3),
                                       ('follow-up', o."FollowUp", o."FollowUpDiaryDays", 4)) AS w(point, score, days, point_order)
            WHERE o."MeasureId" = ANY(@diary) AND w.score IS NOT NULL)
        SELECT x."PatientId", x.kind, x.point, x.week, x.measure, x.score, x.band, x.days_from_week1, x.diary_days, coalesce(m.done, 0)
        FROM rows x LEFT JOIN modules m ON m."PatientId" = x."PatientId"
        ORDER BY x."PatientId", x.point_order, x.week NULLS FIRST, x.measure
        """;
}
