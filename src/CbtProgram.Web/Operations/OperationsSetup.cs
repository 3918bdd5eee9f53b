using CbtProgram.Web.Security;
using OpenTelemetry.Metrics;

namespace CbtProgram.Web.Operations;

/// <summary>The operations view's services, and the metrics (OpenTelemetry, exported as Prometheus text).</summary>
public static class OperationsSetup
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddCbtOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(OperationsThresholds.From(configuration))
            .AddSingleton(new HeartbeatClock(TimeProvider.System))
            .AddScoped<OperationsStatus>()
            .AddScoped<OperationsLists>()
            .AddScoped<EventRerun>()
            .AddSingleton<OperationsSnapshot>()
            .AddSingleton<OperationsMetrics>();
        // Meters are matched by name across the whole process: this host exports only the meter it made itself (several
        // sites run in one test process).
        var scope = new MetricsScope();
        services.AddSingleton(scope);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OperationsMetrics.MeterName)
            .AddView(instrument => ReferenceEquals(instrument.Meter.Scope, scope) ? null : MetricStreamConfiguration.Drop)
            // The gauges' own cache (OperationsSnapshot) spares the database; the exporter's would hide fresh samples.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>Prometheus text for signed-in admins only: the numbers say how the service is doing, so they are not public.</summary>
    public static IEndpointRouteBuilder MapCbtMetrics(this IEndpointRouteBuilder endpoints)
    {
        // The gauges are created with the meter; make it exist before the first scrape.
        _ = endpoints.ServiceProvider.GetRequiredService<OperationsMetrics>();
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return endpoints;
    }
}

/// <summary>Marks the meter this host made, so its metrics exporter leaves other hosts' meters of the same name alone.</summary>
public sealed class MetricsScope;
