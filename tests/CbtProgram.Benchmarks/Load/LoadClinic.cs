using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Load;

public sealed record ClinicPatient(string Email, Guid PatientId, LoadStage Stage, int Week, string StepId);

public sealed record ClinicTherapist(string Email, IReadOnlyList<Guid> PatientIds);

/// <summary>What was seeded: the people to sign in as, and how many rows of each kind the database holds.</summary>
public sealed record Clinic(IReadOnlyList<ClinicTherapist> Therapists, IReadOnlyList<ClinicPatient> Patients, IReadOnlyList<(string Table, long Rows)> Rows);

/// <summary>
/// A synthetic clinic written in bulk (binary COPY of the domain's own entities): therapists, each with an equal share of
/// the patients, and patients spread over every stage of the program — baseline, weeks 1-12, finished, follow-up due or
/// done, withdrawn — each with the rows their program would have left (<see cref="PatientHistory"/>). Repeatable: the
/// same sizes give the same clinic relative to today.
/// </summary>
public static class LoadClinic
{
    public const int PatientsPerTherapist = 50;

    private const int BatchSize = 2_000;

    private static readonly string[] Zones = ["Europe/London", "Europe/London", "Europe/London", "Europe/London", "Europe/London",
        "Europe/London", "Europe/London", "America/New_York", "America/Los_Angeles", "Australia/Sydney"];

    public static async Task<Clinic> SeedAsync(BenchSite site, int therapistCount, int patientCount, CancellationToken cancellationToken)
    {
        var people = new BenchPeople(site.Services);
        var therapistIds = await people.AddTherapistsAsync(TherapistsFor(therapistCount, patientCount), cancellationToken);
        var (program, measures, versions) = await site.InScopeAsync(async services =>
        {
            var (definition, measureList) = await services.GetRequiredService<ProgramCatalog>().GetAsync();
            var current = await services.GetRequiredService<CurriculumCatalog>().CurrentVersionsAsync();
            return (definition, measureList, current.ToDictionary(v => v.Week));
        });
        var patients = await people.AddPatientsAsync("patient", "Patient", 1, patientCount, therapistIds, cancellationToken, program.Consent.Version);
        var userIds = patients.ToDictionary(p => p.Id, p => p.UserId);

        var history = new PatientHistory(program, measures, versions, TimeProvider.System.GetUtcNow());
        var seeded = new List<ClinicPatient>(patients.Count);
        var counts = await WriteInBatchesAsync(site, patients.Count, (i, rows) =>
        {
            var random = new Random(7919 * (i + 1));
            var story = StoryFor(random, program.Weeks);
            var patient = patients[i];
            history.Write(patient, patient.AssignedTherapistId!, userIds[patient.Id], story, random, rows);
            var step = story.Week > 0 ? versions[story.Week].Content.Steps.First(s => s.Kind != StepKinds.CheckIn).Id : "";
            seeded.Add(new ClinicPatient(BenchPeople.Email("patient", i + 1), patient.Id, story.Stage, story.Week, step));
        }, cancellationToken);
        await site.InScopeAsync(async services =>
            // As autovacuum would soon after a real import: the planner needs statistics to choose its plans.
            await services.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken));

        var byTherapist = patients.ToLookup(p => p.AssignedTherapistId);
        var therapists = therapistIds.Select((id, t) => new ClinicTherapist(BenchPeople.Email("therapist", t + 1),
            byTherapist[id].Select(p => p.Id).ToList())).ToList();
        return new Clinic(therapists, seeded,
        [
            ("patients", patients.Count), ("scheduled events", counts.Events), ("opened modules", counts.Modules),
            ("worksheet answers", counts.Worksheets), ("questionnaires", counts.Measures), ("risk alerts", counts.Alerts),
            ("diary entries", counts.Diary), ("messages", counts.Messages), ("clinical notes", counts.Notes),
            ("in-app notices", counts.Notices),
        ]);
    }

    /// <summary>Therapists for a clinic: the number asked for, or with 0 one for every <see cref="PatientsPerTherapist"/> patients.</summary>
    public static int TherapistsFor(int therapists, int patients) =>
        therapists > 0 ? therapists : Math.Max(1, (patients + PatientsPerTherapist - 1) / PatientsPerTherapist);

    /// <summary>
    /// The therapists whose sessions drive the caseload and record pages: at most <paramref name="count"/>, spread evenly
    /// over the clinic, so a large clinic does not spend minutes signing in thousands of therapists.
    /// </summary>
    public static IReadOnlyList<ClinicTherapist> PickTherapists(Clinic clinic, int count)
    {
        var step = Math.Max(1, clinic.Therapists.Count / Math.Max(1, count));
        return clinic.Therapists.Where((_, i) => i % step == 0).Take(count).ToList();
    }

    /// <summary>
    /// Adds patients whose programs ended long ago (the follow-up closed between two weeks and two years ago, so their
    /// enrolments are finished), spread over the clinic's therapists: their enrolment and schedule rows (all done)
    /// only, as the recurring jobs see them. Returns the scheduled events written.
    /// </summary>
    public static async Task<long> AddFinishedAsync(BenchSite site, int count, CancellationToken cancellationToken)
    {
        var (program, measures, versions, therapistIds) = await site.InScopeAsync(async services =>
        {
            var (definition, measureList) = await services.GetRequiredService<ProgramCatalog>().GetAsync();
            var current = await services.GetRequiredService<CurriculumCatalog>().CurrentVersionsAsync();
            var therapists = await services.GetRequiredService<AppDbContext>().Patients.Select(p => p.AssignedTherapistId!).Distinct().ToListAsync(cancellationToken);
            return (definition, measureList, current.ToDictionary(v => v.Week), therapists);
        });
        var patients = await new BenchPeople(site.Services).AddPatientsAsync("finished", "Finished", 1, count, therapistIds, cancellationToken, program.Consent.Version);
        var history = new PatientHistory(program, measures, versions, TimeProvider.System.GetUtcNow()) { ScheduleOnly = true };
        var counts = await WriteInBatchesAsync(site, patients.Count, (i, rows) =>
        {
            var random = new Random(104729 * (i + 1));
            var story = new PatientStory(LoadStage.FollowUpDone, program.Weeks, random.Next(15, 730), Zones[random.Next(Zones.Length)],
                new TimeOnly(7 + random.Next(13), 0), Alert: false, AlertAcknowledged: false, AlertResolved: false, UnreadMessage: false);
            history.Write(patients[i], patients[i].AssignedTherapistId!, patients[i].UserId, story, random, rows);
        }, cancellationToken);
        return counts.Events;
    }

    /// <summary>
    /// Writes patients a batch at a time, so memory stays flat however large the clinic; the next batch is built while
    /// the last one is copied.
    /// </summary>
    private static async Task<RowCounts> WriteInBatchesAsync(BenchSite site, int count, Action<int, PatientRows> write, CancellationToken cancellationToken)
    {
        var counts = new RowCounts();
        PatientRows Build(int first)
        {
            var rows = new PatientRows();
            for (var i = first; i < Math.Min(first + BatchSize, count); i++)
                write(i, rows);
            return rows;
        }
        var batch = Build(0);
        for (var first = BatchSize; ; first += BatchSize)
        {
            var next = first < count ? Task.Run(() => Build(first), cancellationToken) : null;
            await CopyAsync(site, batch, cancellationToken);
            counts.Add(batch);
            if (next is null)
                return counts;
            batch = await next;
        }
    }

    private static Task CopyAsync(BenchSite site, PatientRows rows, CancellationToken cancellationToken) =>
        site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            // As pg_restore --disable-triggers does: the rows come from the domain's own constructors, in an order that
            // keeps every reference valid, so the foreign keys' per-row checks (most of PostgreSQL's work here) are skipped.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica", cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Enrolments, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Events, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Modules, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Worksheets, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Measures, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Alerts, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Diary, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Messages, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Notes, cancellationToken);
            await BulkCopy.CopyAsync(db, rows.Notices, cancellationToken);
            await db.Database.ExecuteSqlRawAsync("RESET session_replication_role", cancellationToken);
            await db.Database.CloseConnectionAsync();
        });

    private sealed class RowCounts
    {
        public long Events, Modules, Worksheets, Measures, Alerts, Diary, Messages, Notes, Notices;

        public void Add(PatientRows rows)
        {
            Events += rows.Events.Count;
            Modules += rows.Modules.Count;
            Worksheets += rows.Worksheets.Count;
            Measures += rows.Measures.Count;
            Alerts += rows.Alerts.Count;
            Diary += rows.Diary.Count;
            Messages += rows.Messages.Count;
            Notes += rows.Notes.Count;
            Notices += rows.Notices.Count;
        }
    }

    /// <summary>
    /// Stages in the shares a clinic that has run for a year or so would have: about half the patients in weeks 1-12,
    /// a fifth past their follow-up, the rest at baseline, finished, follow-up due or withdrawn.
    /// </summary>
    private static PatientStory StoryFor(Random random, int weeks)
    {
        var slot = random.Next(100);
        var (stage, week, days) = slot switch
        {
            < 5 => (LoadStage.Baseline, 0, random.Next(0, 7)),
            < 59 => (LoadStage.InProgram, 1 + random.Next(weeks), random.Next(1, 7)),
            < 69 => (LoadStage.Finished, weeks, random.Next(1, 120)),
            < 74 => (LoadStage.FollowUpDue, weeks, random.Next(0, 13)),
            < 94 => (LoadStage.FollowUpDone, weeks, random.Next(15, 240)),
            _ => (LoadStage.Withdrawn, 2 + random.Next(weeks - 3), random.Next(3, 7)),
        };
        var alert = random.Next(100);
        return new PatientStory(stage, week, days, Zones[random.Next(Zones.Length)], new TimeOnly(7 + random.Next(13), 0),
            Alert: alert < 6, AlertAcknowledged: alert is >= 2 and < 4, AlertResolved: alert is >= 4 and < 6, UnreadMessage: random.Next(100) < 15);
    }
}
