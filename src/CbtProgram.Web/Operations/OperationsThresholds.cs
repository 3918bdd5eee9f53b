namespace CbtProgram.Web.Operations;

/// <summary>When lateness or a silent job server or audit sealer makes the site Degraded (configuration section <c>Health</c>).</summary>
public sealed record OperationsThresholds(TimeSpan MaxDispatchLag, TimeSpan MaxOutboxAge, TimeSpan MaxHeartbeatAge, TimeSpan MaxUnsealedAuditAge)
{
    public static OperationsThresholds From(IConfiguration configuration) => new(
        TimeSpan.FromMinutes(configuration.GetValue("Health:MaxDispatchLagMinutes", 10.0)),
        TimeSpan.FromMinutes(configuration.GetValue("Health:MaxOutboxAgeMinutes", 15.0)),
        TimeSpan.FromSeconds(configuration.GetValue("Health:MaxHeartbeatAgeSeconds", 120.0)),
        TimeSpan.FromMinutes(configuration.GetValue("Health:MaxUnsealedAuditMinutes", 5.0)));
}
