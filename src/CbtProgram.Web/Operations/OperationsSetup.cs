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
            .AddScoped<OperationsStatus>()
            .AddScoped<OperationsLists>()
            .AddScoped<EventRerun>()
            .AddSingleton<OperationsSnapshot>()
            .AddSingleton<OperationsMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OperationsMetrics.MeterName)
            .AddPrometheusExporter());
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
