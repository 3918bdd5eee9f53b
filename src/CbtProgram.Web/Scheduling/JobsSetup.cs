using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace CbtProgram.Web.Scheduling;

/// <summary>Hangfire on the program's PostgreSQL database, in its own schema.</summary>
public static class JobsSetup
{
    public const string Schema = "hangfire";
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddCbtJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DatabaseSetup.ConnectionName)!;
        // This site's own storage, registered before Hangfire's defaults: clients, servers and the dashboard all use it,
        // never the process-wide JobStorage.Current (which several sites in one test process would share).
        var storage = new PostgreSqlStorage(
            new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()),
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

        // Web-only nodes set Jobs:RunServer=false and leave the work to the other nodes.
        if (configuration.GetValue("Jobs:RunServer", defaultValue: true))
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 4));
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                // Delayed jobs (scheduled events) are moved to the queue within a second of their due time.
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }
        return services;
    }

    /// <summary>The dashboard, for program admins only: the endpoint's policy decides, not Hangfire's own filter.</summary>
    public static IEndpointConventionBuilder MapCbtJobDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            DashboardTitle = "CbtProgram jobs",
            AppPath = "/admin",
        }, endpoints.ServiceProvider.GetRequiredService<JobStorage>()).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
}
