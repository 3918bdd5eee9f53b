using CbtProgram.Benchmarks.Running;
using CbtProgram.Benchmarks.Scheduling;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Outcomes.Statistics;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Outcomes;

/// <summary>What the outcomes benchmark seeded.</summary>
public sealed record OutcomesRows(long Patients, long Modules, long Responses, long Summaries, IReadOnlyList<string> TherapistIds);

/// <summary>
/// A large clinic as the service report sees it, written in bulk (binary COPY of the domain's own entities): patients who
/// started over the last 600 days, each with the modules they opened and finished (a quarter drop out along the way),
/// their questionnaires at baseline, each week (PHQ-9), mid, post and follow-up as far as they got, scored by the
/// measures' own definitions, and their stored outcome summary computed by the product's own calculator
/// (<see cref="PatientOutcomeCalculator"/>). The diary days behind the headache rows are given to the calculator but not
/// stored (8 million rows the report never reads), so these patients' headache rows would not survive an
/// <c>outcomes rebuild</c>; everything the report reads is as the site would have written it.
/// </summary>
public static class OutcomesClinic
{
    private const int Chunk = 5_000;

    public static async Task<OutcomesRows> SeedAsync(BenchSite site, int patientCount, TextWriter output, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var people = new BenchPeople(site.Services);
        var therapists = await people.AddTherapistsAsync(Math.Clamp(patientCount / 50, 1, 2_000), cancellationToken);
        var (definition, measures, moduleIds) = await site.InScopeAsync(async services =>
        {
            var (program, all) = await services.GetRequiredService<ProgramCatalog>().GetAsync();
            var db = services.GetRequiredService<AppDbContext>();
            var modules = await db.ModuleVersions.Where(m => m.Status == ModuleVersionStatus.Published).ToDictionaryAsync(m => m.Week, m => m.Id, cancellationToken);
            return (program, all, modules);
        });
        var byId = measures.ToDictionary(m => m.Id);
        var rules = measures.Where(m => m.Outcomes is not null).ToDictionary(m => m.Id, m => m.Outcomes!.Rules(m.Id));
        var midWeek = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.Mid)?.SharedCheckInWeek();
        var mix = new ScheduleMix(seed: 16);
        var random = new Random(16);
        long modulesSeeded = 0, responsesSeeded = 0, summaries = 0;

        for (var first = 1; first <= patientCount; first += Chunk)
        {
            var count = Math.Min(Chunk, patientCount - first + 1);
            var patients = await people.AddPatientsAsync("outcome", "Patient", first, count, therapists, cancellationToken);
            var enrolments = new List<Enrolment>(count);
            var modules = new List<PatientModule>(count * 12);
            var responses = new List<MeasureResponse>(count * 24);
            var outcomes = new List<PatientOutcome>(count * 9);
            foreach (var patient in patients)
            {
                var choice = mix.Next(now, -600, -1);
                var week1 = new DateTimeOffset(choice.StartDate.ToDateTime(choice.LocalTime), TimeSpan.Zero);
                enrolments.Add(new Enrolment(patient.Id, choice, diaryReminderTime: null, week1.AddDays(-15)));
                var weeksOpen = Math.Min(12, (int)((now - week1).TotalDays / 7) + 1);
                var stopsAfter = random.Next(100) < 25 ? random.Next(1, 9) : 12;
                var patientResponse = new PatientResponses(patient.Id, byId, random, responses);
                var severity = random.NextDouble();
                var improvement = random.NextDouble() * 0.8 - 0.15; // some get worse
                double Level(double progress) => Math.Clamp(severity * (1 - improvement * progress) + (random.NextDouble() - 0.5) * 0.15, 0, 1);

                patientResponse.Answer(["phq-9", "gad-7", "who-5", "midas"], AssessmentPoints.Baseline, 0, Level(0), week1.AddDays(-14));
                for (var week = 1; week <= Math.Min(weeksOpen, stopsAfter); week++)
                {
                    var opened = week1.AddDays(7 * (week - 1));
                    var module = new PatientModule(patient.Id, week, moduleIds[week], opened);
                    if (random.Next(100) < 92 && opened.AddDays(3) < now)
                        module.Complete(opened.AddDays(random.Next(1, 4)));
                    modules.Add(module);
                    var level = Level(week / 12.0);
                    patientResponse.Answer(["phq-9"], AssessmentPoints.Weekly, week, level, opened.AddMinutes(5));
                    if (week == 6)
                        patientResponse.Answer(midWeek == 6 ? ["gad-7", "who-5"] : ["phq-9", "gad-7", "who-5"], AssessmentPoints.Mid, 6, level, opened.AddMinutes(20));
                }
                var postAt = week1.AddDays(84 + random.Next(0, 10));
                var answeredPost = stopsAfter == 12 && postAt < now && random.Next(100) < 88;
                if (answeredPost)
                    patientResponse.Answer(["phq-9", "gad-7", "who-5", "midas"], AssessmentPoints.Post, 12, Level(1), postAt);
                var followUpDate = DateOnly.FromDateTime(week1.AddDays(84).AddMonths(4).UtcDateTime);
                var followUpAt = new DateTimeOffset(followUpDate.ToDateTime(choice.LocalTime), TimeSpan.Zero).AddDays(random.Next(0, 10));
                if (answeredPost && followUpAt < now && random.Next(100) < 75)
                    patientResponse.Answer(["phq-9", "gad-7", "who-5", "midas"], AssessmentPoints.FollowUp, 0, Level(1.1), followUpAt);

                var week12End = choice.StartDate.AddDays(84);
                var diary = Diary(random, choice.StartDate.AddDays(-28), severity, 0)
                    .Concat(week12End <= DateOnly.FromDateTime(now.UtcDateTime) ? Diary(random, week12End.AddDays(-28), severity, improvement) : [])
                    .Concat(followUpAt < now ? Diary(random, followUpDate.AddDays(-28), severity, improvement * 1.1) : [])
                    .ToList();
                var inputs = new PatientOutcomeInputs(
                    patientResponse.Scores, diary, choice.StartDate, weeksOpen == 12 ? week12End : null, followUpAt < now ? followUpDate : null,
                    rules, midWeek, null);
                foreach (var figures in PatientOutcomeCalculator.Compute(inputs))
                {
                    var row = new PatientOutcome(patient.Id, figures.MeasureId);
                    row.Apply(figures, now);
                    outcomes.Add(row);
                }
            }
            await site.InScopeAsync(async services =>
            {
                var db = services.GetRequiredService<AppDbContext>();
                await BulkCopy.CopyAsync(db, enrolments, cancellationToken);
                await BulkCopy.CopyAsync(db, modules, cancellationToken);
                await BulkCopy.CopyAsync(db, responses, cancellationToken);
                await BulkCopy.CopyAsync(db, outcomes, cancellationToken);
            });
            modulesSeeded += modules.Count;
            responsesSeeded += responses.Count;
            summaries += outcomes.Count;
            if ((first - 1 + count) % 20_000 == 0 || first + count > patientCount)
                await output.WriteLineAsync($"  {first - 1 + count:N0} patients, {modulesSeeded:N0} modules, {responsesSeeded:N0} questionnaires, {summaries:N0} summary rows");
        }

        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            // As autovacuum would soon after a real import: the planner needs statistics to choose its plans.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
        });
        // Each patient's caseload summary (the modules opened and completed the report reads), computed by the product's
        // own refresh from the rows just copied, as the site's start-up does for patients without one; with statistics.
        var summarising = System.Diagnostics.Stopwatch.StartNew();
        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await services.GetRequiredService<PatientSummaries>().RebuildAllAsync(cancellationToken: cancellationToken);
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE patient_summaries", cancellationToken);
        });
        await output.WriteLineAsync($"  caseload summaries of {patientCount:N0} patients computed in {summarising.Elapsed.TotalSeconds:0} s");
        return new OutcomesRows(patientCount, modulesSeeded, responsesSeeded, summaries, therapists);
    }

    /// <summary>A 28-day diary window with most days recorded; headache days fall as the patient improves.</summary>
    private static IEnumerable<DiaryDayFigures> Diary(Random random, DateOnly from, double severity, double improvement)
    {
        var chance = Math.Clamp(0.15 + 0.45 * severity * (1 - improvement), 0.02, 0.95);
        for (var day = 0; day < 28; day++)
        {
            if (random.Next(100) < 15)
                continue;
            var headache = random.NextDouble() < chance;
            yield return new DiaryDayFigures(from.AddDays(day), headache, headache ? random.Next(3, 10) : null, headache && random.Next(100) < 40);
        }
    }

    /// <summary>One patient's questionnaires: answers drawn for a symptom level (0 none, 1 worst), scored by the measure's own rules.</summary>
    private sealed class PatientResponses(Guid patientId, IReadOnlyDictionary<string, MeasureDefinition> measures, Random random, List<MeasureResponse> rows)
    {
        public List<ScoreAt> Scores { get; } = [];

        public void Answer(IEnumerable<string> measureIds, string point, int week, double level, DateTimeOffset at)
        {
            foreach (var id in measureIds)
            {
                if (!measures.TryGetValue(id, out var measure) || !measure.Enabled)
                    continue;
                // WHO-5 asks about well-being: a high symptom level is a low answer.
                var wellBeing = id == "who-5";
                var answers = measure.Items.Select(item =>
                {
                    var format = measure.AnswerFor(item);
                    var span = format.Highest - format.Lowest;
                    var target = wellBeing ? 1 - level : level;
                    if (format.Type == AnswerFormat.DaysType)
                        span = Math.Min(span, 30);
                    return (int?)Math.Clamp((int)Math.Round(format.Lowest + span * target + (random.NextDouble() - 0.5) * 1.5), format.Lowest, format.Highest);
                }).ToArray();
                var score = measure.Total(answers);
                rows.Add(new MeasureResponse(patientId, id, point, week, answers.Select(a => a!.Value).ToArray(), score, measure.BandFor(score), at));
                Scores.Add(new ScoreAt(id, point, week, score, at));
            }
        }
    }
}
