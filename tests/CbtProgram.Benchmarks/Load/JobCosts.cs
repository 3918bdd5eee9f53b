using System.Diagnostics;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Care;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Retention;
using CbtProgram.Web.Scheduling;
using Npgsql;

namespace CbtProgram.Benchmarks.Load;

/// <summary>One recurring job as Hangfire calls it, how often it runs, and what a run returns (work done).</summary>
public sealed record RecurringJob(string Name, int RunsPerDay, Func<IServiceProvider, CancellationToken, Task<int>> Run);

/// <summary>What one run of a recurring job cost in steady state: time, rows PostgreSQL read, and the large tables it scanned.</summary>
public sealed record JobCost(string Name, int RunsPerDay, double MedianMs, double RowsRead, IReadOnlyList<string> LargeTablesScanned)
{
    /// <summary>Rows read per minute of the day: a daily job's run spread over the day's 1,440 minutes.</summary>
    public double RowsPerMinute => RowsRead * RunsPerDay / 1440.0;
}

/// <summary>
/// Runs each recurring job's own entry point in the composed site's DI scopes, as Hangfire would: first until it has
/// nothing left to catch up on (not counted: a fresh import leaves reminders to send and rows to prune), then a few
/// times in steady state, timed, with PostgreSQL's own counters (pg_stat_all_tables: index and sequential rows read)
/// read before and after.
/// </summary>
public static class JobCosts
{
    public const long LargeTableRows = 10_000;

    public static readonly IReadOnlyList<RecurringJob> All =
    [
        new(RecurringJobs.Planner, 1440, (s, c) => s.GetRequiredService<RecurringSchedulingJobs>().PlanAsync(c)),
        new(RecurringJobs.Sweeper, 1440, (s, c) => s.GetRequiredService<RecurringSchedulingJobs>().SweepAsync(c)),
        new(RecurringJobs.DiaryReminders, 1440, (s, c) => s.GetRequiredService<RecurringSchedulingJobs>().RemindDiaryAsync(c)),
        new(RecurringJobs.Escalation, 1440, (s, c) => s.GetRequiredService<EscalationJob>().RunAsync(c)),
        new(RecurringJobs.MailDelivery, 1440, (s, c) => s.GetRequiredService<MailDeliveryJob>().RunAsync(c)),
        new(RecurringJobs.ZoneRules, 1, (s, c) => s.GetRequiredService<RecurringSchedulingJobs>().ApplyZoneRulesAsync(c)),
        new(RecurringJobs.Retention, 1, async (s, c) => await s.GetRequiredService<RetentionJob>().RunAsync(c) is { } r
            ? r.MailScrubbed + r.NoticesDeleted + r.EventsDeleted : 0),
    ];

    public static async Task<IReadOnlyList<JobCost>> MeasureAsync(BenchSite site, string connectionString, int repeat, CancellationToken cancellationToken)
    {
        var scans = new TableScans(connectionString);
        var costs = new List<JobCost>();
        foreach (var job in All)
        {
            var before = await scans.ReadAsync();
            var times = new List<double>();
            try
            {
                for (var i = 0; i < 50 && await site.InScopeAsync(s => job.Run(s, cancellationToken)) > 0; i++)
                {
                }
                before = await scans.ReadSettledAsync();
                for (var i = 0; i < repeat; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await site.InScopeAsync(s => job.Run(s, cancellationToken));
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A job that fails is a finding, not the end of the run: it is reported as failed.
                costs.Add(new JobCost(job.Name, job.RunsPerDay, double.NaN, double.NaN, [$"failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}"]));
                continue;
            }
            var after = await scans.ReadSettledAsync();
            times.Sort();
            var rows = after.Values.Sum(t => t.RowsRead - (before.TryGetValue(t.Name, out var b) ? b.RowsRead : 0));
            var scanned = TableScans.LargeTablesScanned(before, after, LargeTableRows).Select(t => $"{t.Name} ({t.Rows:N0} rows)").ToList();
            costs.Add(new JobCost(job.Name, job.RunsPerDay, times[(times.Count - 1) / 2], (double)rows / repeat, scanned));
        }
        return costs;
    }

    /// <summary>Refreshes the planner's statistics after an import, as autovacuum would soon do.</summary>
    public static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
