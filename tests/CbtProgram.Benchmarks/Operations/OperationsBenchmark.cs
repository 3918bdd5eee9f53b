using System.Diagnostics;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Operations;

namespace CbtProgram.Benchmarks.Operations;

/// <summary>
/// The admin operations page's reads over a large clinic (issue 14): the summary at the top of the page (also the metrics'
/// and the health check's) and each problem list a page at a time, called in the site's own DI scopes on a database of
/// 100,000 patients with about 4 million scheduled events and 2 million emails. Reports median and p95 of each, the
/// plans of the summary's and the lists' queries, and whether either large table was read from end to end.
/// </summary>
public sealed class OperationsBenchmark : IBenchmark
{
    private const double TargetMs = 100;

    public string Name => "operations";

    public string Description => "the admin operations page's summary and problem lists over 100,000 patients (4 million scheduled events, 2 million emails)";

    public IReadOnlyList<BenchmarkOption> Options { get; } =
    [
        new("patients", "100000", "patients, each with about 40 scheduled events and 20 sent emails"),
        new("overdue", "2000", "events left waiting past their due time, in running programs"),
        new("failed", "300", "events failed as often as the dispatcher allows"),
        new("delayed", "500", "unsent emails that failed once and wait to be tried again"),
        new("dead-letters", "50", "emails given up on"),
        new("repeat", "20", "timed calls of each read, after 3 not counted"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
    ];

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var repeat = Math.Max(1, options.Number("repeat"));
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var database = await BenchDatabase.CreateAsync(logs.CreateLogger("CbtProgram.Benchmarks"), options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");
        var queries = new OperationsQueries();
        await using var site = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" },
            services => services.ConfigureDbContext<AppDbContext>(db => db.AddInterceptors(queries)), cancellationToken);

        var seeding = Stopwatch.StartNew();
        var seeded = await OperationsClinic.SeedAsync(site, options.Number("patients"), options.Number("overdue"), options.Number("failed"),
            options.Number("delayed"), options.Number("dead-letters"), output, cancellationToken);
        var seedingSeconds = seeding.Elapsed.TotalSeconds;
        await output.WriteLineAsync($"Seeded in bulk in {seedingSeconds:0} s, VACUUM ANALYZE included (not timed below): {seeded.Patients:N0} patients, " +
            $"{seeded.Events:N0} scheduled events, {seeded.Mail:N0} emails; planted {seeded.Overdue:N0} overdue and {seeded.Failed:N0} failed events, " +
            $"{seeded.Delayed:N0} delayed emails and {seeded.DeadLetters:N0} dead letters");

        var latePage = Math.Max(1, Math.Min(40, (seeded.Overdue + OperationsLists.PageSize - 1) / OperationsLists.PageSize));
        var reads = new List<(string Name, Func<IServiceProvider, Task<int>> Read)>
        {
            ("summary (ReadSummaryAsync)", async s => (await s.GetRequiredService<OperationsStatus>().ReadSummaryAsync(cancellationToken)).OverdueEvents),
            ("failed events, page 1", s => PageAsync(s, ProblemList.FailedEvents, null, 1)),
            ("overdue events, page 1", s => PageAsync(s, ProblemList.OverdueEvents, null, 1)),
            ($"overdue events, page {latePage}", s => PageAsync(s, ProblemList.OverdueEvents, null, latePage)),
            ("overdue events, session reminders, page 1", s => PageAsync(s, ProblemList.OverdueEvents, ScheduledEventKind.SessionReminder, 1)),
            ("dead letters, page 1", s => PageAsync(s, ProblemList.DeadLetters, null, 1)),
            ("delayed email, page 1", s => PageAsync(s, ProblemList.DelayedMail, null, 1)),
        };

        var summary = await site.InScopeAsync(s => s.GetRequiredService<OperationsStatus>().ReadSummaryAsync(cancellationToken));
        await output.WriteLineAsync($"Summary: {summary.OverdueEvents:N0} overdue (events that fell due during seeding count too), {summary.FailedEvents:N0} failed, " +
            $"backlog {summary.MailBacklog:N0}, {summary.DelayedMail:N0} delayed, {summary.DeadLetters:N0} dead letters");

        var scans = new TableScans(database.ConnectionString);
        var before = await scans.ReadAsync();
        var figures = new List<Figure>();
        foreach (var (name, read) in reads)
        {
            for (var i = 0; i < 3; i++)
                await site.InScopeAsync(read);
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < repeat && !cancellationToken.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                rows = await site.InScopeAsync(read);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var median = Percentile(times, 0.50);
            var p95 = Percentile(times, 0.95);
            var what = name.StartsWith("summary", StringComparison.Ordinal) ? $"{rows:N0} overdue" : $"{rows} rows";
            figures.Add(new($"{name}: median / p95", $"{median:0.0} / {p95:0.0} ms ({what})", $"p95 under {TargetMs:0} ms", p95 < TargetMs));
        }
        var after = await scans.ReadAsync();
        var scanned = TableScans.LargeTablesScanned(before, after, 100_000)
            .Where(t => t.Name.EndsWith(".scheduled_events", StringComparison.Ordinal) || t.Name.EndsWith(".outbox_messages", StringComparison.Ordinal)).ToList();

        await output.WriteLineAsync("EXPLAIN (ANALYZE, BUFFERS) of each read's queries, as EF sends them (scans used; execution time):");
        var plansSequential = false;
        foreach (var (name, read) in reads)
        {
            queries.Take();
            queries.Capturing = true;
            await site.InScopeAsync(read);
            queries.Capturing = false;
            await output.WriteLineAsync($"  {name}:");
            foreach (var query in queries.Take())
            {
                var (used, time) = OperationsQueries.Summary(await OperationsQueries.ExplainAsync(database.ConnectionString, query));
                plansSequential |= OperationsQueries.ReadsLargeTableSequentially(used);
                await output.WriteLineAsync($"    {string.Join("; ", used)}; {time}");
            }
        }

        figures.Insert(0, new("seeded: patients / scheduled events / emails", $"{seeded.Patients:N0} / {seeded.Events:N0} / {seeded.Mail:N0}"));
        figures.Insert(1, new("seeding (bulk COPY + VACUUM ANALYZE, not timed)", $"{seedingSeconds:0} s"));
        var countsMatch = summary.OverdueEvents >= seeded.Overdue && summary.FailedEvents == seeded.Failed
            && summary.DelayedMail == seeded.Delayed && summary.DeadLetters == seeded.DeadLetters;
        figures.Insert(2, new("summary: overdue / failed / delayed / dead letters",
            $"{summary.OverdueEvents:N0} / {summary.FailedEvents:N0} / {summary.DelayedMail:N0} / {summary.DeadLetters:N0}",
            $"as planted ({seeded.Overdue:N0}+ / {seeded.Failed:N0} / {seeded.Delayed:N0} / {seeded.DeadLetters:N0})", countsMatch));
        figures.Add(new("sequential scans of scheduled_events or outbox_messages",
            scanned.Count == 0 ? "none" : string.Join(", ", scanned.Select(t => $"{t.Name} {t.SequentialScans}x ({t.RowsReadSequentially:N0} rows)")),
            "none", scanned.Count == 0));
        figures.Add(new("sequential scans in the plans (EXPLAIN)", plansSequential ? "yes (see above)" : "none", "none", !plansSequential));
        return figures;
    }

    private static async Task<int> PageAsync(IServiceProvider services, ProblemList list, ScheduledEventKind? kind, int page)
    {
        var read = await services.GetRequiredService<OperationsLists>().ReadAsync(list, kind, page);
        return read.Events.Count + read.Mail.Count;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
