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
    private static readonly string[] Zones = ["Europe/London", "Europe/London", "Europe/London", "Europe/London", "Europe/London",
        "Europe/London", "Europe/London", "America/New_York", "America/Los_Angeles", "Australia/Sydney"];

    public static async Task<Clinic> SeedAsync(BenchSite site, int therapistCount, int patientCount, CancellationToken cancellationToken)
    {
        var people = new BenchPeople(site.Services);
        var therapistIds = await people.AddTherapistsAsync(therapistCount, cancellationToken);
        var (program, measures, versions) = await site.InScopeAsync(async services =>
        {
            var (definition, measureList) = await services.GetRequiredService<ProgramCatalog>().GetAsync();
            var current = await services.GetRequiredService<CurriculumCatalog>().CurrentVersionsAsync();
            return (definition, measureList, current.ToDictionary(v => v.Week));
        });
        var patients = await people.AddPatientsAsync("patient", "Patient", 1, patientCount, therapistIds, cancellationToken, program.Consent.Version);
        var userIds = patients.ToDictionary(p => p.Id, p => p.UserId);

        var history = new PatientHistory(program, measures, versions, TimeProvider.System.GetUtcNow());
        var rows = new PatientRows();
        var seeded = new List<ClinicPatient>();
        for (var i = 0; i < patients.Count; i++)
        {
            var random = new Random(7919 * (i + 1));
            var story = StoryFor(random, program.Weeks);
            var patient = patients[i];
            history.Write(patient, patient.AssignedTherapistId!, userIds[patient.Id], story, random, rows);
            var step = story.Week > 0 ? versions[story.Week].Content.Steps.First(s => s.Kind != StepKinds.CheckIn).Id : "";
            seeded.Add(new ClinicPatient(BenchPeople.Email("patient", i + 1), patient.Id, story.Stage, story.Week, step));
        }

        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
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
            // As autovacuum would soon after a real import: the planner needs statistics to choose its plans.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
        });

        var therapists = therapistIds.Select((id, t) => new ClinicTherapist(BenchPeople.Email("therapist", t + 1),
            patients.Where(p => p.AssignedTherapistId == id).Select(p => p.Id).ToList())).ToList();
        return new Clinic(therapists, seeded,
        [
            ("patients", patients.Count), ("scheduled events", rows.Events.Count), ("opened modules", rows.Modules.Count),
            ("worksheet answers", rows.Worksheets.Count), ("questionnaires", rows.Measures.Count), ("risk alerts", rows.Alerts.Count),
            ("diary entries", rows.Diary.Count), ("messages", rows.Messages.Count), ("clinical notes", rows.Notes.Count),
            ("in-app notices", rows.Notices.Count),
        ]);
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
