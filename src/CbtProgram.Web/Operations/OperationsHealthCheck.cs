using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CbtProgram.Web.Operations;

/// <summary>
/// Degraded, with the reasons, when no job server is alive, an event or an email is later than its limit, or something
/// waits for an admin (a dead letter, a failed event); Healthy otherwise. The site still answers when Degraded.
/// </summary>
internal sealed class OperationsHealthCheck(OperationsStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var summary = await status.ReadSummaryAsync(cancellationToken);
        var problems = status.Problems(summary);
        var data = new Dictionary<string, object>
        {
            ["overdueEvents"] = summary.OverdueEvents,
            ["failedEvents"] = summary.FailedEvents,
            ["mailBacklog"] = summary.MailBacklog,
            ["deadLetters"] = summary.DeadLetters,
            ["jobServersAlive"] = summary.JobServers.Alive,
            ["unsealedAuditEntries"] = summary.UnsealedAuditEntries,
        };
        return problems.Count == 0
            ? HealthCheckResult.Healthy("Events and email are on time; job servers are alive.", data)
            : HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }
}
