using System.Diagnostics;
using System.Globalization;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Retention;

namespace CbtProgram.Benchmarks.Load;

/// <summary>
/// The recurring jobs' cost as finished patients accumulate: the load benchmark's clinic (every stage of the program)
/// is seeded, each recurring job is measured in steady state (<see cref="JobCosts"/>), then many patients whose programs
/// ended long ago are added and each job measured again. A job passes when the rows it reads per run stay within 15%
/// (plus a few rows) of the small clinic's and it reads no table of 10,000 rows or more sequentially.
/// </summary>
public sealed class JobsBenchmark : IBenchmark
{
    private const double Growth = 1.15;
    private const double RowsSlack = 100;

    public string Name => "jobs";

    public string Description => "the recurring jobs' cost per minute at 2,000 patients and again with 98,000 finished ones added (about 6 minutes)";

    public IReadOnlyList<BenchmarkOption> Options { get; } =
    [
        new("patients", "2000", "patients of the load benchmark's clinic (every stage of the program, full data)"),
        new("finished", "98000", "patients whose programs ended long ago, added before the second measurement"),
        new("repeat", "5", "timed steady-state runs of each job at each size"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
    ];

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var database = await BenchDatabase.CreateAsync(logs.CreateLogger("CbtProgram.Benchmarks"), options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");
        var mail = Directory.CreateTempSubdirectory("cbt-jobs-mail-");
        try
        {
            await using var site = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Jobs:RunServer"] = "false",
                ["Mail:PickupFolder"] = mail.FullName,
            }, cancellationToken: cancellationToken);
            var repeat = Math.Max(1, options.Number("repeat"));

            var seeding = Stopwatch.StartNew();
            var clinic = await LoadClinic.SeedAsync(site, 0, options.Number("patients"), cancellationToken);
            await output.WriteLineAsync($"Seeded {clinic.Patients.Count:N0} patients in {seeding.Elapsed.TotalSeconds:0} s");
            var small = await JobCosts.MeasureAsync(site, database.ConnectionString, repeat, cancellationToken);

            seeding.Restart();
            var events = await LoadClinic.AddFinishedAsync(site, options.Number("finished"), cancellationToken);
            // Written around the site, with end dates in the past: retention's daily window never saw these programs
            // cross its cut-off, so, as an operator does after such an import, its progress is forgotten and its next run
            // reads every ended program once (the catch-up, not counted).
            await site.InScopeAsync(s => s.GetRequiredService<RetentionJob>().ForgetProgressAsync(cancellationToken));
            await JobCosts.AnalyzeAsync(database.ConnectionString);
            var total = clinic.Patients.Count + options.Number("finished");
            await output.WriteLineAsync($"Added {options.Number("finished"):N0} finished patients ({events:N0} scheduled events) in {seeding.Elapsed.TotalSeconds:0} s");
            var large = await JobCosts.MeasureAsync(site, database.ConnectionString, repeat, cancellationToken);

            await WriteTableAsync(output, clinic.Patients.Count, total, small, large);
            return small.Zip(large, (a, b) =>
            {
                var flat = b.RowsRead <= a.RowsRead * Growth + RowsSlack;
                var measured = $"{Number(a.RowsRead)} -> {Number(b.RowsRead)} rows/run, {a.MedianMs:0.0} -> {b.MedianMs:0.0} ms"
                    + (b.LargeTablesScanned.Count > 0 ? "; scanned " + string.Join(", ", b.LargeTablesScanned) : "");
                return new Figure($"{a.Name}: {clinic.Patients.Count:N0} -> {total:N0} patients", measured,
                    "rows read within 15%, no sequential scan", flat && b.LargeTablesScanned.Count == 0);
            }).ToList();
        }
        finally
        {
            mail.Delete(recursive: true);
        }
    }

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static async Task WriteTableAsync(TextWriter output, int smallPatients, int largePatients, IReadOnlyList<JobCost> small, IReadOnlyList<JobCost> large)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Recurring jobs in steady state, per run (median time) and per minute of the day, at {smallPatients:N0} and {largePatients:N0} patients");
        await output.WriteLineAsync("| job | runs/day | ms/run (small) | ms/run (large) | rows read/run (small) | rows read/run (large) | rows/minute (small) | rows/minute (large) | large tables scanned |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (a, b) in small.Zip(large))
        {
            var scanned = string.Join(", ", a.LargeTablesScanned.Concat(b.LargeTablesScanned).Distinct());
            await output.WriteLineAsync($"| {a.Name} | {a.RunsPerDay} | {a.MedianMs:0.0} | {b.MedianMs:0.0} | {Number(a.RowsRead)} | {Number(b.RowsRead)} | "
                + $"{Number(a.RowsPerMinute)} | {Number(b.RowsPerMinute)} | {(scanned.Length > 0 ? scanned : "none")} |");
        }
        await output.WriteLineAsync();
    }
}
