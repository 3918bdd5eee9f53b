using System.Text.Json;
using CbtProgram.Web.Data;
using CbtProgram.Web.Operations;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CbtProgram.Web.Health;

/// <summary>
/// GET /healthz: the database, the job storage and operations (<see cref="OperationsHealthCheck"/>), as JSON: 200 when
/// Healthy or Degraded (the site works, but something is late or waits for an admin; the reasons are in the check's
/// description), 503 when Unhealthy. The checks and their reasons go only to admins and to the machine itself
/// (<see cref="Security.HealthDetailsAccess"/>); anyone else gets the overall status. GET /healthz/live: the
/// process answers at all, checking nothing else (for a liveness probe that must not restart the site when the database
/// is down).
/// </summary>
public static class HealthSetup
{
    public static IServiceCollection AddCbtHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database")
            .AddCheck<JobStorageHealthCheck>("jobStorage")
            .AddCheck<OperationsHealthCheck>("operations");
        return services;
    }

    public static IEndpointRouteBuilder MapCbtHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteJson }).AllowAnonymous();
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (!Security.HealthDetailsAccess.MayReadDetails(context))
            return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }));
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
