using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CbtProgram.Web.Health;

/// <summary>Healthy when Hangfire's storage answers a query.</summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers().Count, cancellationToken);
            return HealthCheckResult.Healthy($"{servers} job server(s) running");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Job storage did not answer", e);
        }
    }
}
