using System.Diagnostics;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// a. Enrols N patients through Onboarding.StoreAsync (their schedule rows stored, and any event inside the planning
/// horizon planned at once, as the site does), several at a time, and times it.
/// </summary>
public static class EnrolmentRun
{
    public sealed record Result(IReadOnlyList<Figure> Figures, double EnrolmentsPerSecond);

    public static async Task<Result> RunAsync(BenchSite site, BenchPeople people, IReadOnlyList<string> therapists,
        int count, int concurrency, CpuMeter cpu, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"a. Enrolment: seeding {count:N0} patients in bulk (not timed)...");
        var seeding = Stopwatch.StartNew();
        var patients = await people.AddPatientsAsync("patient", "Patient", 1, count, therapists, cancellationToken);
        await output.WriteLineAsync($"   seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

        var mix = new ScheduleMix(seed: 2026);
        var now = TimeProvider.System.GetUtcNow();
        var choices = patients.Select(p => (p, mix.Next(now, 0, 90))).ToList();
        await output.WriteLineAsync($"   enrolling them through Onboarding.StoreAsync, {concurrency} at a time, start dates over the next 90 days in {ScheduleMix.Zones.Distinct().Count()} time zones...");
        var cpuBefore = cpu.Read();
        var watch = Stopwatch.StartNew();
        await Enrolling.EnrolAsync(site, choices, concurrency, cancellationToken);
        watch.Stop();
        var cpuUsed = CpuMeter.Describe(cpuBefore, cpu.Read(), count).Replace("event", "enrolment", StringComparison.Ordinal);

        var (rows, planned) = await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            return (await db.ScheduledEvents.CountAsync(cancellationToken),
                await db.ScheduledEvents.CountAsync(e => e.Status == ScheduledEventStatus.Planned, cancellationToken));
        });
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = count / seconds;
        await output.WriteLineAsync($"   {count:N0} enrolments in {seconds:0.0} s ({rate:0} a second); scheduled_events holds {rows:N0} rows ({rows / (double)count:0.0} per patient), {planned:N0} of them planned at enrolment (inside the 48 h horizon)");
        await output.WriteLineAsync($"   {cpuUsed}");
        return new Result(
        [
            // The target is for 10,000 patients: a smaller or larger run is held to the same rate.
            new Figure($"a. enrol {count:N0} patients with their events ({concurrency} at a time)", $"{seconds:0.0} s ({rate:0}/s)",
                "10,000 in < 60 s (> 167/s)", rate > 10_000 / 60.0),
            new Figure("a. scheduled_events rows stored", $"{rows:N0}"),
        ], rate);
    }
}
