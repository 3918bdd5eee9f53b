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
        new("same-instant", "1000", "events due at the same instant (d)"),
        new("workers", "8,20", "Hangfire worker counts (Jobs:WorkerCount) to try in d, one round each"),
        new("keep-database", "false", "keep the benchmark's database afterwards (true/false)"),
    ];

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var patients = options.Number("patients");
        var concurrency = Math.Max(1, options.Number("concurrency"));
        using var logs = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var database = await BenchDatabase.CreateAsync(logs.CreateLogger("CbtProgram.Benchmarks"), options.Flag("keep-database"));
        await output.WriteLineAsync($"Fresh database {database.Name} in the benchmark cluster at {database.DataDirectory}");

        var figures = new List<Figure>();
        var plannerQuery = new PlannerQuery();
        IReadOnlyList<string> therapists;
        double enrolmentsPerSecond;
        // a and b need no Hangfire server: the planner is called directly, and its jobs wait in Hangfire's tables.
        await using (var site = await BenchSite.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" },
            services => services.ConfigureDbContext<AppDbContext>(db => db.AddInterceptors(plannerQuery)), cancellationToken))
        {
            var people = new BenchPeople(site.Services);
            therapists = await people.AddTherapistsAsync(Math.Clamp(patients / 100, 1, 500), cancellationToken);
            var enrolment = await EnrolmentRun.RunAsync(site, people, therapists, patients, concurrency, output, cancellationToken);
            figures.AddRange(enrolment.Figures);
            enrolmentsPerSecond = enrolment.EnrolmentsPerSecond;
            figures.AddRange(await PlannerRun.RunAsync(site, people, therapists, plannerQuery, database.ConnectionString,
                options.Number("future-events"), output, cancellationToken));
        }

        // c and d: the site as it runs in production, with its Hangfire server, sending email to a real SMTP listener.
        await using var inbox = new SmtpInbox();
        var mail = new Dictionary<string, string?>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = inbox.Port.ToString(CultureInfo.InvariantCulture),
        };
        await using (var site = await BenchSite.StartAsync(database.ConnectionString, mail, cancellationToken: cancellationToken))
        {
            var workers = await site.HangfireWorkersAsync(cancellationToken);
            figures.AddRange(await DueToEmailRun.RunAsync(site, inbox, therapists, options.Number("due-events"), concurrency,
                $"the site's default Hangfire server, {workers} workers", output, cancellationToken));
        }
        foreach (var workers in options.Numbers("workers"))
        {
            var settings = new Dictionary<string, string?>(mail) { ["Jobs:WorkerCount"] = workers.ToString(CultureInfo.InvariantCulture) };
            await using var site = await BenchSite.StartAsync(database.ConnectionString, settings, cancellationToken: cancellationToken);
            await site.HangfireWorkersAsync(cancellationToken);
            figures.AddRange(await SameInstantRun.RunAsync(site, inbox, therapists, options.Number("same-instant"), workers, concurrency,
                enrolmentsPerSecond, output, cancellationToken));
        }
        return figures;
    }
}
