using CbtProgram.Web.Accounts;
using CbtProgram.Web.Curriculum;
using CbtProgram.Web.Data;
using CbtProgram.Web.Hosting;
using Hangfire;
using Microsoft.Extensions.Hosting;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// The site, composed and started as Program.cs does (the same AddCbtServices, pipeline, migrations, roles and
/// curriculum load), on a given database and with benchmark settings on top. The recurring jobs are not registered:
/// benchmarks call the planner themselves so that each run can be timed.
/// </summary>
public sealed class BenchSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DateTime _startedAt;

    private BenchSite(WebApplication app, DateTime startedAt)
    {
        _app = app;
        _startedAt = startedAt;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The loopback address the site listens on (a free port chosen at start).</summary>
    public string Url => _app.Urls.First();

    public static async Task<BenchSite> StartAsync(string connectionString, IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var startedAt = DateTime.UtcNow.AddSeconds(-1);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = RepositoryPaths.WebProject,
            EnvironmentName = "Benchmark",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Cbt"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // Two harmless warnings each start would print: the outbox's FromSql(... ORDER BY ... LIMIT 1).FirstOrDefault(),
            // and data-protection keys kept unencrypted in a database that lives for one run.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Query"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Demo:Seed"] = "false",
            ["Mail:Security"] = "None", // the benchmarks' SMTP listener is a plain local mail catcher
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCbtServices();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseCbtPipeline();
        await app.Services.MigrateDatabaseAsync();
        await app.Services.EnsureRolesAsync();
        await app.Services.LoadCurriculumAsync();
        await app.StartAsync(cancellationToken);
        return new BenchSite(app, startedAt);
    }

    /// <summary>Waits until this site's Hangfire servers have registered (their workers are running); describes their workers.</summary>
    public async Task<string> HangfireWorkersAsync(CancellationToken cancellationToken)
    {
        var monitoring = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var expected = _app.Services.GetServices<IHostedService>().Count(s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var servers = monitoring.Servers().Where(s => s.StartedAt >= _startedAt).ToList();
            if (servers.Count >= expected)
                return string.Join(" + ", servers.OrderByDescending(s => s.WorkersCount).Select(s => $"{s.WorkersCount} ({string.Join(", ", s.Queues)})"));
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException("The site's Hangfire servers did not all register within 10 s.");
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> use)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await use(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
