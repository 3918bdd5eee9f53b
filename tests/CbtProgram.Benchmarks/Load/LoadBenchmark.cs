using System.Diagnostics;
using System.Globalization;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Testing;

namespace CbtProgram.Benchmarks.Load;

/// <summary>
/// The whole site under realistic load: a synthetic clinic seeded in bulk into a fresh database, the site started in
/// Release as its own process, and wrk driving signed-in requests over loopback at each connection count against the
/// patient's home, a module step, a diary save, the caseload and a patient's record, with a trivial endpoint of the same
/// site as the ceiling. Prints throughput, latency percentiles, errors, SQL commands per request, CPU per request and
/// the site's peak memory.
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const double LatencyTargetMs = 100;
    private const double MemoryTargetMb = 500;
    private const long LargeTableRows = 10_000;

    public string Name => "load";

    public string Description => "the site in Release under signed-in wrk load: 40 therapists, 2,000 patients of full data (about 6 minutes; needs wrk)";

    public IReadOnlyList<BenchmarkOption> Options { get; } =
    [
        new("therapists", "0", "therapists, each with an equal share of the patients (0: one for every 50 patients)"),
        new("patients", "2000", "patients, spread over every stage of the program, each with their program's data"),
        new("therapist-sessions", "40", "therapists signed in for the caseload and record pages, spread over the clinic"),
        new("patient-sessions", "200", "patients in weeks 1-12 signed in for the patient pages (the load rotates through them)"),
        new("connections", "16,64", "concurrent connections, one run of every page at each"),
        new("seconds", "10", "length of each measured run"),
        new("warm-up-seconds", "3", "load on each page before its first measured run, not counted"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
        new("trace-folder", "", "with dotnet-trace installed: a CPU trace of the site for each page's first measured run, saved here"),
        new("settle-seconds", "600", "at most this long, before the runs, waiting for the site and PostgreSQL to be nearly idle (0: no wait)"),
        new("pages", "", "only the pages whose names contain one of these words, e.g. caseload,record (the trivial endpoint always runs)"),
    ];

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (!await Wrk.EnsureInstalledAsync(output))
        {
            await output.WriteLineAsync("wrk is not installed. Install Debian's package first: sudo apt-get install wrk");
            return [new Figure("wrk installed", "no", "yes", false)];
        }
        var total = Stopwatch.StartNew();
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var logger = logs.CreateLogger("CbtProgram.Benchmarks");
        await using var database = await BenchDatabase.CreateAsync(logger, options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");

        var seeding = Stopwatch.StartNew();
        Clinic clinic;
        await using (var setup = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" },
                         cancellationToken: cancellationToken))
            clinic = await LoadClinic.SeedAsync(setup, options.Number("therapists"), options.Number("patients"), cancellationToken);
        await output.WriteLineAsync($"Seeded in {seeding.Elapsed.TotalSeconds:0} s: {clinic.Therapists.Count} therapists; "
            + string.Join(", ", clinic.Rows.Select(r => $"{r.Rows:N0} {r.Table}")));

        var mail = Directory.CreateTempSubdirectory("cbt-load-mail-");
        // Production as deployed (https address, keys encrypted at rest), but reached directly on loopback with no TLS
        // proxy in front, so plain HTTP is served rather than redirected (Https:Port 0).
        var settings = KeyEncryptionCertificate.ProductionSettings(KeyEncryptionCertificate.Create(Directory.CreateTempSubdirectory("cbt-load-keys-").FullName));
        settings["Https__Port"] = "0";
        settings["Diagnostics__SqlCommandHeader"] = "true";
        // Staff sign in with a password only: with Production's staff MFA every therapist page would answer a redirect to
        // the second-factor setup, and the caseload and record runs would measure that redirect instead of the pages.
        settings["Accounts__RequireStaffMfa"] = "false";
        // A session's "last active" time is written at most once a minute, on whichever request comes then: a write per
        // person, not per page, that made the probed pages' SQL counts differ by one at random. Once an hour here.
        settings["Sessions__LastSeenWriteSeconds"] = "3600";
        settings["Mail__PickupFolder"] = mail.FullName;
        settings["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error";
        await using var site = await SiteProcess.StartAsync(database.ConnectionString, "Release", settings, cancellationToken);
        await output.WriteLineAsync($"Site (Release, Production settings, its own process with its job server) at {site.Url}");

        var signIn = Stopwatch.StartNew();
        var patients = await SignInAsync(site.Url, PickPatients(clinic, options.Number("patient-sessions")), p => p.Email, cancellationToken);
        var therapists = await SignInAsync(site.Url, LoadClinic.PickTherapists(clinic, options.Number("therapist-sessions")), t => t.Email, cancellationToken);
        var everyPage = await LoadTargets.BuildAsync(clinic, patients, therapists, cancellationToken);
        var targets = LoadTargets.Only(everyPage, options.Text("pages"));
        await output.WriteLineAsync($"{patients.Count} patients and {therapists.Count} therapists signed in through the sign-in form in {signIn.Elapsed.TotalSeconds:0} s");

        var cpu = new CpuMeter(database.DataDirectory);
        if (options.Number("settle-seconds") > 0)
        {
            var (waited, settled) = await SiteSettling.WaitAsync(() => site.CpuTime + cpu.DatabaseTime(), TimeSpan.FromSeconds(options.Number("settle-seconds")), cancellationToken);
            await output.WriteLineAsync(settled
                ? $"The site and PostgreSQL settled (under {SiteSettling.IdleCores} of a core over {SiteSettling.Window.TotalSeconds:0} s) after {waited.TotalSeconds:0} s"
                : $"The site and PostgreSQL were still busy after {waited.TotalSeconds:0} s; measuring anyway");
        }
        var scans = new TableScans(database.ConnectionString);
        var scanned = new List<(string Page, TableScans.Table Table)>();
        var results = new List<(LoadTarget Target, int Connections, WrkResult Result, double SiteCpuMs, double DatabaseCpuMs)>();
        var duration = TimeSpan.FromSeconds(options.Number("seconds"));
        var warmUp = TimeSpan.FromSeconds(options.Number("warm-up-seconds"));
        foreach (var connections in options.Numbers("connections"))
        {
            foreach (var target in targets)
            {
                if (warmUp > TimeSpan.Zero && connections == options.Numbers("connections")[0])
                    await Wrk.RunAsync(site.Url, target.Requests, connections, warmUp, cancellationToken);
                var tablesBefore = await scans.ReadAsync();
                var (siteBefore, databaseBefore) = (site.CpuTime, cpu.DatabaseTime());
                var trace = options.Text("trace-folder") is { Length: > 0 } folder && connections == options.Numbers("connections")[0]
                    ? SiteTrace.Start(site.Id, folder, target.Name, duration) : null;
                var result = await Wrk.RunAsync(site.Url, target.Requests, connections, duration, cancellationToken);
                if (trace is not null)
                    await trace.WaitForExitAsync(cancellationToken);
                var requests = Math.Max(1, result.Requests);
                results.Add((target, connections, result, (site.CpuTime - siteBefore).TotalMilliseconds / requests,
                    (cpu.DatabaseTime() - databaseBefore).TotalMilliseconds / requests));
                scanned.AddRange(TableScans.LargeTablesScanned(tablesBefore, await scans.ReadAsync(), LargeTableRows)
                    .Select(t => ($"{target.Name} at {connections}", t)));
                await output.WriteLineAsync($"  {target.Name} at {connections} connections: {result.RequestsPerSecond:0} requests/s, p99 {result.P99:0.0} ms, {result.Errors} errors");
            }
        }
        // After the runs, as in steady state (caches warm): each page once for up to 20 people, checked, its SQL counted.
        var probes = new Dictionary<string, (IReadOnlyList<int> Sql, IReadOnlyList<string> Problems)>();
        foreach (var target in targets)
        {
            probes[target.Name] = await LoadTargets.ProbeAsync(site.Url, target, 20, cancellationToken);
            foreach (var problem in probes[target.Name].Problems.Take(3))
                await output.WriteLineAsync($"  {target.Name}: {problem}");
        }
        var peakMemory = site.PeakMemoryMegabytes;
        foreach (var (_, session) in patients)
            session.Dispose();
        foreach (var (_, session) in therapists)
            session.Dispose();
        mail.Delete(recursive: true);

        await output.WriteLineAsync();
        await WriteTableAsync(output, results, probes);
        await output.WriteLineAsync(scanned.Count == 0
            ? $"No table of {LargeTableRows:N0} rows or more was read sequentially during the runs: every query on them used an index."
            : "Read sequentially during the runs: " + string.Join("; ", scanned.Select(s => $"{s.Page}: {s.Table.Name} ({s.Table.Rows:N0} rows) {s.Table.SequentialScans} times")));
        var figures = Figures(results, probes, peakMemory, total.Elapsed).ToList();
        figures.Insert(figures.Count - 2, new Figure($"sequential scans of tables over {LargeTableRows:N0} rows",
            scanned.Count == 0 ? "none" : string.Join(", ", scanned.Select(s => s.Table.Name).Distinct()), "none", scanned.Count == 0));
        if (targets.Count < everyPage.Count) // a partial run compares changes; it cannot pass the benchmark
            figures.Add(new Figure("pages measured", $"{targets.Count} of {everyPage.Count}", "all", false));
        return figures;
    }

    private static IReadOnlyList<ClinicPatient> PickPatients(Clinic clinic, int count)
    {
        var inProgram = clinic.Patients.Where(p => p.Stage == LoadStage.InProgram).ToList();
        var step = Math.Max(1, inProgram.Count / Math.Max(1, count));
        return inProgram.Where((_, i) => i % step == 0).Take(count).ToList();
    }

    /// <summary>Signs people in two at a time (each sign-in hashes a password on purpose slowly).</summary>
    private static async Task<IReadOnlyList<(T Person, SignedInSession Session)>> SignInAsync<T>(string url, IReadOnlyList<T> people, Func<T, string> email,
        CancellationToken cancellationToken)
    {
        var sessions = new (T, SignedInSession)[people.Count];
        await Parallel.ForAsync(0, people.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            async (i, token) => sessions[i] = (people[i], await SignedInSession.StartAsync(url, email(people[i]), token)));
        return sessions;
    }

    private static async Task WriteTableAsync(TextWriter output, List<(LoadTarget Target, int Connections, WrkResult Result, double SiteCpuMs, double DatabaseCpuMs)> results,
        Dictionary<string, (IReadOnlyList<int> Sql, IReadOnlyList<string> Problems)> probes)
    {
        string[] headings = ["page", "connections", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors", "SQL/request", "vs trivial", "site CPU ms", "PostgreSQL CPU ms"];
        var rows = results.Select(r =>
        {
            var ceiling = results.First(t => t.Target.Name == LoadTargets.Trivial && t.Connections == r.Connections).Result.RequestsPerSecond;
            return new[]
            {
                r.Target.Name, r.Connections.ToString(CultureInfo.InvariantCulture), r.Result.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture),
                r.Result.P50.ToString("0.0", CultureInfo.InvariantCulture), r.Result.P95.ToString("0.0", CultureInfo.InvariantCulture),
                r.Result.P99.ToString("0.0", CultureInfo.InvariantCulture), r.Result.Errors.ToString(CultureInfo.InvariantCulture), SqlText(probes[r.Target.Name].Sql),
                (r.Result.RequestsPerSecond / ceiling).ToString("0.00", CultureInfo.InvariantCulture), r.SiteCpuMs.ToString("0.00", CultureInfo.InvariantCulture),
                r.DatabaseCpuMs.ToString("0.00", CultureInfo.InvariantCulture),
            };
        }).ToList();
        var widths = Enumerable.Range(0, headings.Length).Select(c => rows.Select(r => r[c].Length).Append(headings[c].Length).Max()).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |";
        await output.WriteLineAsync($"Load ({Environment.ProcessorCount} cores, wrk on the same machine; CPU time per request of the site process and of the whole PostgreSQL server)");
        await output.WriteLineAsync(Line(headings));
        await output.WriteLineAsync("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
            await output.WriteLineAsync(Line(row));
    }

    private static string SqlText(IReadOnlyList<int> sql) =>
        sql.Count == 0 ? "-" : sql.Min() == sql.Max() ? sql[0].ToString(CultureInfo.InvariantCulture) : $"{sql.Min()}-{sql.Max()}";

    private static IReadOnlyList<Figure> Figures(List<(LoadTarget Target, int Connections, WrkResult Result, double SiteCpuMs, double DatabaseCpuMs)> results,
        Dictionary<string, (IReadOnlyList<int> Sql, IReadOnlyList<string> Problems)> probes, double peakMemory, TimeSpan elapsed)
    {
        var figures = new List<Figure>();
        var most = results.Max(r => r.Connections);
        foreach (var (target, connections, result, _, _) in results.Where(r => r.Connections == most))
        {
            var (sql, problems) = probes[target.Name];
            if (target.RequestsPerSecondTarget is { } wanted)
                figures.Add(new($"{target.Name}: requests/s at {connections}", result.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture), $">= {wanted}", result.RequestsPerSecond >= wanted));
            figures.Add(new($"{target.Name}: p99 at {connections}", $"{result.P99:0.0} ms", $"< {LatencyTargetMs} ms", result.P99 < LatencyTargetMs));
            var errors = results.Where(r => r.Target == target).Sum(r => r.Result.Errors) + problems.Count;
            figures.Add(new($"{target.Name}: errors (all runs, and wrong answers)", errors.ToString(CultureInfo.InvariantCulture), "0", errors == 0));
            if (target.Name != LoadTargets.Trivial)
                figures.Add(new($"{target.Name}: SQL commands per request", SqlText(sql), "the same whatever the data", sql.Count > 0 && sql.Min() == sql.Max()));
        }
        figures.Add(new("site peak memory (VmHWM)", $"{peakMemory:0} MB", $"< {MemoryTargetMb} MB", peakMemory < MemoryTargetMb));
        figures.Add(new("whole benchmark", $"{elapsed.TotalMinutes:0.0} min", "< 10 min", elapsed < TimeSpan.FromMinutes(10)));
        return figures;
    }
}
