using System.Diagnostics;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// b. With at least the target number of future events in scheduled_events (topped up with patients part-way through
/// the program, whose past events are done), times the recurring planner: first over the backlog inside the
/// horizon, then the steady-state run that happens every minute. Shows the query plans too.
/// </summary>
public static class PlannerRun
{
    private const int HistoryChunk = 500;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSite site, BenchPeople people, IReadOnlyList<string> therapists,
        PlannerQuery query, string connectionString, int futureTarget, TextWriter output, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var future = await CountFutureAsync(site, now, cancellationToken);
        await output.WriteLineAsync($"b. Planner: scheduled_events holds {future:N0} future events; the target is at least {futureTarget:N0}");
        if (future < futureTarget)
        {
            var watch = Stopwatch.StartNew();
            var added = await AddPatientsPartWayAsync(site, people, therapists, futureTarget - future, now, cancellationToken);
            future = await CountFutureAsync(site, now, cancellationToken);
            await output.WriteLineAsync($"   added {added:N0} patients part-way through the program in bulk (not timed, {watch.Elapsed.TotalSeconds:0.0} s): now {future:N0} future events");
        }
        var rows = await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            // A table that grew over months has statistics; autovacuum would gather them shortly after a bulk load.
            await db.Database.ExecuteSqlRawAsync("ANALYZE scheduled_events", cancellationToken);
            return await db.ScheduledEvents.CountAsync(cancellationToken);
        });
        await output.WriteLineAsync($"   scheduled_events: {rows:N0} rows in all (ANALYZEd)");

        var horizon = await site.InScopeAsync(services => Task.FromResult(services.GetRequiredService<EventPlanner>().Horizon));
        // The query is known once the planner has run: Onboarding runs it for each enrolment in a.
        IReadOnlyList<string> perEnrolmentPlan = query.Seen ? await query.ExplainAsync(connectionString, allEnrolments: false, until: null) : ["(a did not run)"];
        IReadOnlyList<string> backlogPlan = query.Seen
            ? await query.ExplainAsync(connectionString, allEnrolments: true, until: TimeProvider.System.GetUtcNow() + horizon) : ["(a did not run)"];

        var (first, firstSeconds) = await PlanAsync(site, cancellationToken);
        await output.WriteLineAsync($"   first planner run: {first:N0} events given a Hangfire delayed job in {firstSeconds:0.00} s ({first / firstSeconds:0} a second)");
        var (steady, steadySeconds) = await PlanAsync(site, cancellationToken);
        await output.WriteLineAsync($"   steady-state planner run (as every minute): {steady:N0} events planned in {steadySeconds * 1000:0} ms");
        var steadyPlan = await query.ExplainAsync(connectionString, allEnrolments: false, until: null);

        await WritePlanAsync(output, "the planner's query for one enrolment (Onboarding, rescheduling), after enrolment", perEnrolmentPlan);
        await WritePlanAsync(output, "the planner's query for every enrolment, with the backlog still unplanned", backlogPlan);
        await WritePlanAsync(output, "the planner's query for every enrolment, steady state (exact parameters of the timed run)", steadyPlan);

        return
        [
            new Figure("b. future events in scheduled_events", $"{future:N0}", $">= {futureTarget:N0}", future >= futureTarget),
            new Figure("b. first planner run (backlog inside 48 h)", $"{first:N0} jobs in {firstSeconds:0.00} s ({first / firstSeconds:0}/s)"),
            new Figure("b. steady-state planner run", $"{steadySeconds * 1000:0} ms ({steady:N0} planned)", "< 2 s", steadySeconds < 2),
            new Figure("b. plan: one enrolment", PlannerQuery.Summary(perEnrolmentPlan)),
            new Figure("b. plan: every enrolment, backlog", PlannerQuery.Summary(backlogPlan)),
            new Figure("b. plan: every enrolment, steady", PlannerQuery.Summary(steadyPlan)),
        ];
    }

    private static async Task<(int Planned, double Seconds)> PlanAsync(BenchSite site, CancellationToken cancellationToken)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var planner = scope.ServiceProvider.GetRequiredService<EventPlanner>();
        var watch = Stopwatch.StartNew();
        var planned = await planner.PlanAsync(cancellationToken: cancellationToken);
        return (planned, watch.Elapsed.TotalSeconds);
    }

    private static Task<int> CountFutureAsync(BenchSite site, DateTimeOffset now, CancellationToken cancellationToken) =>
        site.InScopeAsync(services => services.GetRequiredService<AppDbContext>().ScheduledEvents
            .CountAsync(e => (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned) && e.DueAt > now, cancellationToken));

    /// <summary>
    /// Patients who enrolled 1 to 84 days ago, with the rows the product computes for them (SessionSchedule and
    /// ScheduleEvents, as Onboarding uses them) and every event already due marked done; none is planned yet.
    /// </summary>
    private static async Task<int> AddPatientsPartWayAsync(BenchSite site, BenchPeople people, IReadOnlyList<string> therapists,
        int missing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (definition, _) = await site.InScopeAsync(services => services.GetRequiredService<ProgramCatalog>().GetAsync());
        var followUp = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.FollowUp);
        var mix = new ScheduleMix(seed: 84);
        var added = 0;
        var patientsAdded = 0;
        while (added < missing)
        {
            var patients = await people.AddPatientsAsync("history", "History", patientsAdded + 1, HistoryChunk, therapists, cancellationToken);
            patientsAdded += patients.Count;
            var enrolments = new List<Enrolment>();
            var events = new List<ScheduledEvent>();
            foreach (var patient in patients)
            {
                var choice = mix.Next(now, -84, -1);
                var enrolledAt = SessionSchedule.ToInstant(choice.StartDate.AddDays(-1), new TimeOnly(12, 0), TimeZoneInfo.FindSystemTimeZoneById(choice.TimeZoneId));
                var schedule = SessionSchedule.Compute(choice, definition.Weeks, followUp?.MonthsAfterWeek12 ?? 4, followUp?.WindowDays ?? 14);
                var enrolment = new Enrolment(patient.Id, choice, diaryReminderTime: null, enrolledAt);
                enrolments.Add(enrolment);
                foreach (var scheduled in ScheduleEvents.For(enrolment.Id, schedule, definition, enrolledAt))
                {
                    if (scheduled.DueAt <= now)
                        scheduled.Done(scheduled.DueAt, "done before the benchmark began");
                    else
                        added++;
                    events.Add(scheduled);
                }
            }
            await site.InScopeAsync(async services =>
            {
                var db = services.GetRequiredService<AppDbContext>();
                await BulkCopy.CopyAsync(db, enrolments, cancellationToken);
                await BulkCopy.CopyAsync(db, events, cancellationToken);
            });
        }
        return patientsAdded;
    }

    private static async Task WritePlanAsync(TextWriter output, string title, IReadOnlyList<string> plan)
    {
        await output.WriteLineAsync($"   EXPLAIN (ANALYZE, BUFFERS) of {title}:");
        foreach (var line in plan)
            await output.WriteLineAsync($"     {line}");
    }
}
