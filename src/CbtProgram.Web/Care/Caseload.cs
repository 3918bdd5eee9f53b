using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

/// <summary>Where a patient is in the program, as the caseload sorts it (earlier first).</summary>
public enum CaseStage
{
    NotStarted,
    Baseline,
    InProgram,
    Paused,
    Finished,
    FollowUpDue,
    FollowUpDone,
    FollowUpMissed,
    Withdrawn,
}

public sealed record CaseloadRow(
    Guid PatientId,
    string Name,
    CaseStage Stage,
    int Week,
    int Weeks,
    DateTimeOffset? LastActivity,
    int CompletedOnTime,
    int SessionsEnded,
    int? Phq9,
    string? Phq9Band,
    int? Phq9Change,
    int? HeadacheDays,
    int? HeadacheChange,
    int MissedInARow,
    IReadOnlyList<CaseFlagKind> Flags,
    bool UnacknowledgedAlert,
    int UnreadMessages,
    MedicationOveruseAssessment? Medication = null)
{
    public bool HasOpenAlert => Flags.Contains(CaseFlagKind.RiskAlert);

    public string StageText => Stage switch
    {
        CaseStage.NotStarted => "Not started",
        CaseStage.Baseline => "Baseline",
        CaseStage.InProgram => $"Week {Week} of {Weeks}",
        CaseStage.Paused => $"Paused (week {Week})",
        CaseStage.Finished => "Finished",
        CaseStage.FollowUpDue => "Follow-up due",
        CaseStage.FollowUpDone => "Follow-up done",
        CaseStage.FollowUpMissed => "Follow-up missed",
        CaseStage.Withdrawn => "Withdrawn",
        _ => Stage.ToString(),
    };
}

/// <summary>
/// A therapist's caseload from the patients' stored summaries (<see cref="CaseloadSummary.PatientSummary"/>): one query
/// for the patients, their names and their summary rows, whatever the caseload's size and however much data each
/// patient has; what moves with the clock is worked out from the rows (<see cref="CaseloadSummary.CaseloadRows"/>). A
/// patient found without a row (or, after the clock went back, with too few diary days in it) has it stored first.
/// The open alerts in the rows also feed the page's alert banner.
/// </summary>
public sealed class Caseload(AppDbContext db, ProgramCatalog program, BannerAlerts banner, CaseloadSummary.PatientSummaries summaries, TimeProvider clock)
{
    private sealed record Found(Guid Id, string Name, CaseloadSummary.PatientSummary? Summary);

    /// <summary>
    /// The therapist's patients with their names and stored summaries, in one statement. Each summary and each name is
    /// looked up by its patient's key, once a patient: joined as sets, PostgreSQL hashed the caseload and read every
    /// account of the clinic to probe it (1.2 ms a view at 2,040 accounts), and, once the summary rows were packed narrow,
    /// read every patient's summary the same way (2,000 rows a view). The summary's columns come first, as
    /// <see cref="EntityRows.Reader{T}"/> reads them, then the patient's id and name and whether they have a summary.
    /// </summary>
    private static string? summariesSql;

    private static string SummariesSql(AppDbContext db) => summariesSql ??= $"""
        SELECT {EntityRows.Columns<CaseloadSummary.PatientSummary>(db, "s")}, p."Id",
               (SELECT u."DisplayName" FROM "AspNetUsers" u WHERE u."Id" = p."UserId") AS "Name",
               s."PatientId" IS NOT NULL AS "HasSummary"
        FROM patients p
        -- OFFSET 0 keeps this a lookup by key for each patient (flattened into a join, it may be planned as a hash).
        LEFT JOIN LATERAL (SELECT {EntityRows.Columns<CaseloadSummary.PatientSummary>(db, "s")} FROM patient_summaries s WHERE s."PatientId" = p."Id" OFFSET 0) s ON true
        WHERE p."AssignedTherapistId" = $1
        """;

    private async Task<List<Found>> SummariesOfAsync(string therapistId)
    {
        await using var results = await new SqlBatch().Add(SummariesSql(db), therapistId).ExecuteAsync(db);
        var summary = EntityRows.Reader<CaseloadSummary.PatientSummary>(db);
        return await results.ReadAsync(row =>
        {
            var id = row.FieldCount - 3;
            return new Found(row.GetGuid(id), row.IsDBNull(id + 1) ? "" : row.GetString(id + 1), row.GetBoolean(id + 2) ? summary(row) : null);
        });
    }

    public async Task<IReadOnlyList<CaseloadRow>> ForTherapistAsync(string therapistId)
    {
        var (definition, measures) = await program.GetAsync();
        var now = clock.GetUtcNow();

        var patients = (await SummariesOfAsync(therapistId)).Select(f => (f.Id, f.Name, f.Summary)).ToList();
        var stale = patients.Where(p => p.Summary is null || !CaseloadSummary.CaseloadRows.CoversWindow(p.Summary, CaseloadSummary.CaseloadRows.Today(p.Summary.TimeZoneId, now)))
            .Select(p => p.Id).ToList();
        if (stale.Count > 0)
        {
            await summaries.RefreshAsync(stale);
            var fresh = await db.Set<CaseloadSummary.PatientSummary>().AsNoTracking().Where(s => stale.Contains(s.PatientId)).ToDictionaryAsync(s => s.PatientId);
            patients = patients.Select(p => fresh.TryGetValue(p.Id, out var row) ? (p.Id, p.Name, row) : p).ToList();
        }

        var rows = patients.Where(p => p.Summary is not null).Select(p => (Summary: p.Summary!, p.Name)).ToList();
        banner.Provide(therapistId, CaseloadSummary.CaseloadRows.BannerAlerts(rows));
        var phq9 = measures.FirstOrDefault(m => m.Id == "phq-9");
        return rows.Select(p => CaseloadSummary.CaseloadRows.From(p.Summary, p.Name, definition.Weeks,
                Outcomes.Tracking.NotOnTrackRules.Rise(p.Summary.NotOnTrackRule, phq9, definition), definition.Reminders.MissedSessionsFlag, now))
            .ToList();
    }
}
