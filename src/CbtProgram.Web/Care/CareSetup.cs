using Hangfire;

namespace CbtProgram.Web.Care;

public static class CareSetup
{
    public static IServiceCollection AddCbtCare(this IServiceCollection services) =>
        services.AddScoped<Caseload>()
            .AddScoped<AuditLog>()
            .AddScoped<RiskAlerts>()
            .AddScoped<EscalationJob>()
            .AddSingleton<Safety.ClinicHours>()
            .AddScoped<Safety.StaffRecipients>()
            .AddScoped<Safety.RiskSignals>()
            .AddScoped<Safety.Escalations>()
            .AddScoped<Safety.AlertsBoard>()
            .AddScoped<Conversations>()
            .AddScoped<ClinicalNotes>()
            .AddScoped<PatientTimeline>()
            .AddScoped<RecordOverview>()
            .AddScoped<MedicationFlagWatch>()
            .AddScoped<BannerAlerts>();
}

/// <summary>
/// Hangfire's entry point for escalations, every minute (no arguments: nothing personal in Hangfire): no automatic
/// retries, never two runs at once (<see cref="Scheduling.RecurringJobs"/>).
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class EscalationJob(Safety.Escalations escalations, Scheduling.RunAlone alone)
{
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        alone.RunAsync(Scheduling.RecurringJobs.Escalation, () => escalations.EscalateAsync(cancellationToken));
}
