using System.Globalization;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Data;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// The scheduling engine against its targets, on a fresh database with the site's real services: enrolment (a),
/// the planner over a large table (b), due instant to email (c) and many events due at one instant (d).
/// </summary>
public sealed class SchedulingBenchmark : IBenchmark
{
    public string Name => "scheduling";

    public string Description => "enrolment, planner, due-to-email time and events due at one instant, on a fresh database (a few minutes)";

    public IReadOnlyList<BenchmarkOption> Options { get; } =
    [
        new("patients", "10000", "patients enrolled through Onboarding.StoreAsync (a)"),
        new("concurrency", "8", "enrolments stored at the same time"),
        new("future-events", "500000", "future events in scheduled_events before the planner is timed (b)"),
        new("due-events", "20", "events due a few seconds ahead, each timed to its email (c)"),
        new("same-instant", "10000", "events due at the same instant (d)"),
        new("workers", "16", "Hangfire worker counts (Jobs:WorkerCount) to try in d, one round each, such as 8,16"),
        new("enrol-rate", "100", "enrolments a second that d plans its due minute on when a did not run (lower it on a busy machine)"),
        new("warm-up", "300", "events dispatched before c and d, not measured, so the JIT is warm as on a running site"),
        new("phases", "abcd", "which parts to run, such as 'cd' (without a, d waits for a guessed enrolment rate)"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
    ];

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var patients = options.Number("patients");
        var concurrency = Math.Max(1, options.Number("concurrency"));
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var database = await BenchDatabase.CreateAsync(logs.CreateLogger("CbtProgram.Benchmarks"), options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");

        var cpu = new CpuMeter(database.DataDirectory);
        var figures = new List<Figure>();
        var plannerQuery = new PlannerQuery();
        var phases = options.Text("phases").ToLowerInvariant();
        IReadOnlyList<string> therapists;
        // Without a, d's wait for its due minute assumes this enrolment rate (a busy machine needs a lower one).
        var enrolmentsPerSecond = (double)Math.Max(1, options.Number("enrol-rate"));
        // a and b need no Hangfire server: the planner is called directly, and its jobs wait in Hangfire's tables.
        await using (var site = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" },
            services => services.ConfigureDbContext<AppDbContext>(db => db.AddInterceptors(plannerQuery)), cancellationToken))
        {
            var people = new BenchPeople(site.Services);
            therapists = await people.AddTherapistsAsync(Math.Clamp(patients / 100, 1, 500), cancellationToken);
            if (phases.Contains('a', StringComparison.Ordinal))
            {
                var enrolment = await EnrolmentRun.RunAsync(site, people, therapists, patients, concurrency, cpu, output, cancellationToken);
                figures.AddRange(enrolment.Figures);
                enrolmentsPerSecond = enrolment.EnrolmentsPerSecond;
            }
            if (phases.Contains('b', StringComparison.Ordinal))
            {
                figures.AddRange(await PlannerRun.RunAsync(site, people, therapists, plannerQuery, database.ConnectionString,
                    options.Number("future-events"), output, cancellationToken));
            }
        }

        // c and d: the site as it runs in production, with its Hangfire server, sending email to a real SMTP listener.
        await using var inbox = new SmtpInbox();
        var mail = new Dictionary<string, string?>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = inbox.Port.ToString(CultureInfo.InvariantCulture),
        };
        if (phases.Contains('c', StringComparison.Ordinal) || phases.Contains('d', StringComparison.Ordinal))
        {
            await using var site = await BenchSite.StartAsync(database.ConnectionString, mail, cancellationToken: cancellationToken);
            var workers = await site.HangfireWorkersAsync(cancellationToken);
            await SameInstantRun.WarmUpAsync(site, inbox, therapists, options.Number("warm-up"), concurrency, output, cancellationToken);
            if (phases.Contains('c', StringComparison.Ordinal))
            {
                figures.AddRange(await DueToEmailRun.RunAsync(site, inbox, therapists, options.Number("due-events"), concurrency,
                    $"the site's default Hangfire workers: {workers}", output, cancellationToken));
            }
        }
        var round = 0;
        foreach (var workers in phases.Contains('d', StringComparison.Ordinal) ? options.Numbers("workers") : [])
        {
            round++;
            var settings = new Dictionary<string, string?>(mail) { ["Jobs:WorkerCount"] = workers.ToString(CultureInfo.InvariantCulture) };
            await using var site = await BenchSite.StartAsync(database.ConnectionString, settings, cancellationToken: cancellationToken);
            await output.WriteLineAsync($"d. Hangfire workers (queues): {await site.HangfireWorkersAsync(cancellationToken)}");
            figures.AddRange(await SameInstantRun.RunAsync(site, inbox, therapists, round, options.Number("same-instant"), workers, concurrency,
                enrolmentsPerSecond, cpu, new DatabaseActivity(database.ConnectionString), output, cancellationToken));
        }
        return figures;
    }
}
