using Hangfire;

namespace CbtProgram.Web.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddCbtRetention(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions())
            .AddScoped<RetentionJob>();

    /// <summary>Once a day, at 03:41 UTC (a quiet hour, clear of the 03:17 zone-rules job), on whichever node picks it up.</summary>
    public static void ScheduleRetention(this IServiceProvider services) =>
        services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<RetentionJob>(RetentionJob.JobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3, 41));
}
