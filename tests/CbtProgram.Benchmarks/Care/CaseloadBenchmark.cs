using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Care;

/// <summary>
/// The therapist's caseload page under load: the demo therapist with 50 patients of full data (lived-in programs at
/// every stage, with diaries, questionnaires, alerts and messages), requested over loopback HTTP by several signed-in
/// clients at once. Reports latency percentiles, requests a second and the SQL commands each request ran.
/// </summary>
public sealed partial class CaseloadBenchmark : IBenchmark
{
    public string Name => "caseload";

    public string Description => "the therapist's caseload page (or, with --page record, one patient's record) with 50 patients of full data, under load on loopback (about a minute)";

    public IReadOnlyList<BenchmarkOption> Options { get; } =
    [
        new("patients", "50", "patients on the therapist's caseload, each with a full program of data"),
        new("connections", "2", "signed-in clients requesting the page at the same time (one per core keeps queueing out of the server time)"),
        new("seconds", "20", "how long the measured run lasts"),
        new("warm-up-seconds", "5", "requests before the measured run, not counted"),
        new("page", "caseload", "the page under load: caseload (/therapist) or record (the Overview of the patient with the most diary days)"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
    ];

    [GeneratedRegex(@"Showing (\d+) of (\d+) patient")]
    private static partial Regex Showing();

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var patients = options.Number("patients");
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var logger = logs.CreateLogger("CbtProgram.Benchmarks");
        await using var database = await BenchDatabase.CreateAsync(logger, options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");
        await using var site = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["Diagnostics:SqlCommandHeader"] = "true",
            // The session's once-a-minute "last active" write would make one request in thousands differ.
            ["Sessions:LastSeenWriteSeconds"] = "3600",
            // The demo therapist signs in with a password only (the site asks staff for a second factor outside Development).
            ["Accounts:RequireStaffMfa"] = "false",
        }, cancellationToken: cancellationToken);

        var seeding = Stopwatch.StartNew();
        await site.Services.SeedDemoAccountsAsync(logger);
        var added = await AddPatientsAsync(site, patients, cancellationToken);
        await output.WriteLineAsync($"Caseload of {added} patients with full data made in {seeding.Elapsed.TotalSeconds:0.0} s (not timed below)");

        var sessions = new List<SignedInSession>();
        for (var i = 0; i < options.Number("connections"); i++)
            sessions.Add(await SignedInSession.StartAsync(site.Url, DemoAccounts.TherapistEmail, DemoAccounts.Password, cancellationToken));
        var clients = sessions.Select(s => s.Client).ToList();
        var first = await clients[0].GetStringAsync("/therapist", cancellationToken);
        var shown = Showing().Match(first);
        var path = options.Text("page") switch
        {
            "caseload" => "/therapist",
            "record" => $"/therapist/patients/{await FullestRecordAsync(site, cancellationToken)}",
            var other => throw new ArgumentException($"--page must be caseload or record, not '{other}'."),
        };
        await output.WriteLineAsync($"Loading {path}");

        await LoadAsync(clients, path, TimeSpan.FromSeconds(options.Number("warm-up-seconds")), cancellationToken);
        var cpu = new CpuMeter(database.DataDirectory);
        var cpuBefore = cpu.Read();
        var run = await LoadAsync(clients, path, TimeSpan.FromSeconds(options.Number("seconds")), cancellationToken);
        var cpuUsed = CpuMeter.Describe(cpuBefore, cpu.Read(), run.Latencies.Count + run.Errors);
        foreach (var session in sessions)
            session.Dispose();

        var latencies = run.Latencies.Order().ToList();
        var server = run.ServerTimes.Order().ToList();
        static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        var p95 = Percentile(server, 0.95);
        await output.WriteLineAsync($"{latencies.Count} requests in {run.Elapsed.TotalSeconds:0.0} s from {clients.Count} clients");
        await output.WriteLineAsync($"{cpuUsed} (a request; the app figure includes the load clients in this process)");
        return
        [
            new("patients on the caseload page", shown.Success ? shown.Groups[2].Value : "not found", patients.ToString(CultureInfo.InvariantCulture), shown.Success && shown.Groups[2].Value == patients.ToString(CultureInfo.InvariantCulture)),
            new("requests a second", $"{latencies.Count / run.Elapsed.TotalSeconds:0} ({clients.Count} clients)"),
            new("server time p50", $"{Percentile(server, 0.50):0.0} ms"),
            new("server time p95", $"{p95:0.0} ms", "under 50 ms", p95 < 50),
            new("server time p99", $"{Percentile(server, 0.99):0.0} ms"),
            new("round trip p50 / p95 / p99", $"{Percentile(latencies, 0.50):0.0} / {Percentile(latencies, 0.95):0.0} / {Percentile(latencies, 0.99):0.0} ms"),
            new("errors", run.Errors.ToString(CultureInfo.InvariantCulture), "0", run.Errors == 0),
            new("SQL commands per request", string.Join(", ", run.SqlCommands.Order()), "the same for every request", run.SqlCommands.Count == 1),
        ];
    }

    private sealed record LoadRun(List<double> Latencies, List<double> ServerTimes, int Errors, HashSet<int> SqlCommands, TimeSpan Elapsed);

    private static async Task<LoadRun> LoadAsync(IReadOnlyList<HttpClient> clients, string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var serverTimes = new List<double>();
        var sql = new HashSet<int>();
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var mine = new List<double>();
            var myServer = new List<double>();
            var mySql = new HashSet<int>();
            var myErrors = 0;
            while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    myErrors++;
                    continue;
                }
                mine.Add(elapsed);
                if (response.Headers.TryGetValues("X-Sql-Commands", out var values))
                    mySql.Add(int.Parse(values.First(), CultureInfo.InvariantCulture));
                if (response.Headers.TryGetValues("Server-Timing", out var timing))
                    myServer.Add(double.Parse(timing.First().Split("dur=")[1], CultureInfo.InvariantCulture));
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
                serverTimes.AddRange(myServer);
                sql.UnionWith(mySql);
                errors += myErrors;
            }
        }, cancellationToken)));
        return new LoadRun(latencies, serverTimes, errors, sql, watch.Elapsed);
    }

    /// <summary>The demo therapist's patient with the most diary days: the heaviest record page.</summary>
    private static Task<Guid> FullestRecordAsync(BenchSite site, CancellationToken cancellationToken) =>
        site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var therapistId = await db.Users.Where(u => u.Email == DemoAccounts.TherapistEmail).Select(u => u.Id).SingleAsync(cancellationToken);
            return await db.Patients.Where(p => p.AssignedTherapistId == therapistId)
                .OrderByDescending(p => db.DiaryEntries.Count(d => d.PatientId == p.Id)).Select(p => p.Id).FirstAsync(cancellationToken);
        });

    /// <summary>Fills the demo therapist's caseload to the given size with patients at every stage of the program.</summary>
    private static async Task<int> AddPatientsAsync(BenchSite site, int total, CancellationToken cancellationToken)
    {
        DemoStory[] stories =
        [
            new(1, 0), new(3, 0), new(5, 0) { PatientMessage = "A question about this week's worksheet." }, new(6, 0) { Worsening = true },
            new(7, 0) { MissedWeeks = new HashSet<int> { 5, 6 } }, new(8, 0) { HeavyMedication = true }, new(9, 0) { Alert = DemoAlert.Open },
            new(10, 0), new(11, 0) { Alert = DemoAlert.Acknowledged }, new(12, 0), new(12, 0) { DaysSinceLastWeek = 40 },
            new(12, 0) { DaysSinceLastWeek = 133 }, new(4, 0) { Status = EnrolmentStatus.Paused },
        ];
        var existing = await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var therapistId = await db.Users.Where(u => u.Email == DemoAccounts.TherapistEmail).Select(u => u.Id).SingleAsync(cancellationToken);
            return await db.Patients.CountAsync(p => p.AssignedTherapistId == therapistId, cancellationToken);
        });
        for (var i = existing; i < total; i++)
        {
            var number = i + 1;
            await site.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<AppUser>>();
                var db = services.GetRequiredService<AppDbContext>();
                var email = $"caseload-{number:000}@example.org";
                var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Bench Patient {number:000}" };
                var created = await users.CreateAsync(user, DemoAccounts.Password);
                if (!created.Succeeded)
                    throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
                await users.AddToRoleAsync(user, Roles.Patient);
                var therapistId = await db.Users.Where(u => u.Email == DemoAccounts.TherapistEmail).Select(u => u.Id).SingleAsync(cancellationToken);
                var patient = new Patient(user.Id, therapistId, DateTimeOffset.UtcNow);
                db.Patients.Add(patient);
                await db.SaveChangesAsync(cancellationToken);
                await services.GetRequiredService<DemoJourney>().GiveLivedInProgramAsync(patient, stories[i % stories.Length] with { Seed = number });
            });
        }
        return total;
    }
}
