using System.Diagnostics;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Outcomes.Service;

namespace CbtProgram.Benchmarks.Outcomes;

/// <summary>
/// The service report (issue 16) over a large clinic: the report as an admin or clinical lead opens it (everyone, the
/// completers, one therapist's patients, one quarter's starters), called in the site's own DI scopes on a database of
/// 100,000 patients with their modules, about 2 million questionnaires and 900,000 stored outcome summary rows.
/// Reports median and p95 of each against the target of under 1 s.
/// </summary>
public sealed class OutcomesBenchmark : IBenchmark
{
    private const double TargetMs = 1_000;

    public string Name => "outcomes";

    public string Description => "the service report over 100,000 patients (modules, about 2 million questionnaires, stored outcome summaries)";

    public IReadOnlyList<BenchmarkOption> Options { get; } =
    [
        new("patients", "100000", "patients, who started over the last 600 days"),
        new("repeat", "10", "timed calls of each report, after 2 not counted"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
    ];

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var repeat = Math.Max(1, options.Number("repeat"));
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var database = await BenchDatabase.CreateAsync(logs.CreateLogger("CbtProgram.Benchmarks"), options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");
        await using var site = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" },
            _ => { }, cancellationToken);

        var seeding = Stopwatch.StartNew();
        var seeded = await OutcomesClinic.SeedAsync(site, options.Number("patients"), output, cancellationToken);
        var seedingSeconds = seeding.Elapsed.TotalSeconds;
        await output.WriteLineAsync($"Seeded in bulk in {seedingSeconds:0} s, VACUUM ANALYZE included (not timed below): {seeded.Patients:N0} patients, " +
            $"{seeded.Modules:N0} modules, {seeded.Responses:N0} questionnaires, {seeded.Summaries:N0} outcome summary rows");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-6);
        var quarter = $"{quarterStart.Year}-Q{(quarterStart.Month - 1) / 3 + 1}";
        var reports = new List<(string Name, ServiceReportFilter Filter)>
        {
            ("everyone enrolled", ServiceReportFilter.Everyone),
            ("completers", ServiceReportFilter.Everyone with { CompletersOnly = true }),
            ("one therapist's patients", ServiceReportFilter.Parse(seeded.TherapistIds[0], null, false).Filter!),
            ($"starters in {quarter}", ServiceReportFilter.Parse(null, quarter, false).Filter!),
        };

        var figures = new List<Figure>
        {
            new("seeded: patients / modules / questionnaires / summary rows", $"{seeded.Patients:N0} / {seeded.Modules:N0} / {seeded.Responses:N0} / {seeded.Summaries:N0}"),
            new("seeding (bulk COPY + VACUUM ANALYZE, not timed)", $"{seedingSeconds:0} s"),
        };
        foreach (var (name, filter) in reports)
        {
            ServiceReportResult? result = null;
            for (var i = 0; i < 2; i++)
                result = await site.InScopeAsync(s => s.GetRequiredService<ServiceReport>().ReadAsync(filter, cancellationToken));
            var times = new List<double>();
            for (var i = 0; i < repeat && !cancellationToken.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                result = await site.InScopeAsync(s => s.GetRequiredService<ServiceReport>().ReadAsync(filter, cancellationToken));
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var median = times[(times.Count - 1) / 2];
            var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
            var phq9 = result!.Measures.FirstOrDefault(m => m.MeasureId == "phq-9");
            var what = $"{result.Flow.Enrolled:N0} enrolled, PHQ-9 baseline n {phq9?.Points["Baseline"].N ?? 0:N0}";
            figures.Add(new($"service report, {name}: median / p95", $"{median:0} / {p95:0} ms ({what})", $"p95 under {TargetMs:0} ms", p95 < TargetMs));
        }
        return figures;
    }
}
