using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace CbtProgram.Web.Scheduling;

/// <summary>Hangfire on the program's PostgreSQL database, in its own schema.</summary>
public static class JobsSetup
{
    /// <summary>Hangfire.PostgreSql's schema; <see cref="EventPlanner.ReplanLostJobsAsync"/> reads its job table by this name.</summary>
    public const string Schema = "hangfire";
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddCbtJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DatabaseSetup.ConnectionName)!;
        // This site's own storage, registered before Hangfire's defaults: clients, servers and the dashboard all use it,
        // never the process-wide JobStorage.Current (which several sites in one test process would share).
        // Hangfire opens a pooled connection for nearly every step of every job and keeps no session state on it, so
        // the DISCARD ALL that Npgsql sends on reuse is pure cost (about half of Hangfire's statements in a burst).
        var hangfireConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
        var storage = new PostgreSqlStorage(
            new NpgsqlConnectionFactory(hangfireConnectionString, new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = true,
                // How often an idle worker looks for new jobs: due work should start within seconds.
                QueuePollInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:QueuePollSeconds", 1.0)),
            });
        services.AddSingleton<JobStorage>(storage);
        services.AddHangfire((provider, hangfire) => hangfire
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));
        // Jobs are built from this site's own services. Hangfire otherwise falls back on one activator for the whole
        // process, so with several sites in one process (the tests) a job could be built from another, stopped, site.
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));

        // Web-only nodes set Jobs:RunServer=false and leave the work to the other nodes.
        if (configuration.GetValue("Jobs:RunServer", defaultValue: true))
        {
            // Jobs mostly wait on the database, so even a small machine runs 16: on 2 cores, 1,000 events due at once
            // were all done in 8-10 s with 16 workers and 9-12 s with 8 (scheduling benchmark, README).
            var workers = configuration.GetValue("Jobs:WorkerCount", Math.Max(16, Environment.ProcessorCount * 4));
            var schedulerParallelism = configuration.GetValue("Jobs:SchedulerParallelism", 4);
            var mailWorkers = configuration.GetValue("Jobs:MailWorkerCount", 4);
            // Each worker waits on its async job, whose continuations need pool threads, and the parallel scheduler
            // blocks pool threads too. The pool starts with one thread per core and adds about one a second, so a
            // burst of due events would first stall: let it have a thread for each at once.
            ThreadPool.GetMinThreads(out var minThreads, out var minIoThreads);
            ThreadPool.SetMinThreads(Math.Max(minThreads, workers + mailWorkers + schedulerParallelism + Environment.ProcessorCount), minIoThreads);

            // Every node with a job server checks that Hangfire still holds what it should (JobStorageKeeper).
            services.AddSingleton<JobStorageKeeper>();
            services.AddHostedService(provider => provider.GetRequiredService<JobStorageKeeper>());
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = workers;
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                server.Queues = ["default", NotificationsSetup.MailQueue];
                // Delayed jobs (scheduled events) are moved to the queue within half a second of their due time. A
                // due instant's job is kept to the whole second after its events (Hangfire rounds down), so an event
                // can wait up to a second for its job, then up to a poll for the move: at a second's poll, an email's
                // due-to-inbox time reached 2.4 s; the workers are woken at once when the jobs are queued.
                server.SchedulePollingInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:SchedulePollSeconds", 0.5));
                // Many events fall due at once (sessions start on the hour): move their jobs to the queue several at a
                // time, not one by one, or the workers wait on the scheduler (Hangfire 1.8.12+, storage permitting).
                server.MaxDegreeOfParallelismForSchedulers = schedulerParallelism;
            });
            // Queues are served in the storage's order (PostgreSQL: by name), so a delivery job queued during a burst
            // would wait behind every event queued before it: a few workers of their own send email meanwhile.
            if (mailWorkers > 0)
            {
                services.AddHangfireServer(server =>
                {
                    server.WorkerCount = mailWorkers;
                    server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:mail";
                    server.Queues = [NotificationsSetup.MailQueue];
                    server.IsLightweightServer = true; // workers only: the main server runs the schedulers
                });
            }
        }
        return services;
    }

    /// <summary>The dashboard, for program admins only: the endpoint's policy decides, not Hangfire's own filter.</summary>
    public static IEndpointConventionBuilder MapCbtJobDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            AsyncAuthorization = [new Audit.JobDashboardAudit()],
            DashboardTitle = "CbtProgram jobs",
            AppPath = "/admin",
        }, endpoints.ServiceProvider.GetRequiredService<JobStorage>()).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
}
