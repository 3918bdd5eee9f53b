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

    public const string EscalationJobId = "escalate-risk-alerts";

    /// <summary>Every minute, whichever node picks it up climbs the escalation ladder of alerts nobody acted on in time.</summary>
    public static void ScheduleAlertEscalation(this IServiceProvider services) =>
        services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<EscalationJob>(EscalationJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
}

/// <summary>Hangfire's entry point for escalations (no arguments: nothing personal in Hangfire).</summary>
public sealed class EscalationJob(Safety.Escalations escalations)
{
    public Task<int> RunAsync(CancellationToken cancellationToken) => escalations.EscalateAsync(cancellationToken);
}
