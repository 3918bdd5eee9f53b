using Hangfire;

namespace CbtProgram.Web.Scheduling;

public static class SchedulingSetup
{
    public const string PlannerJob = "plan-events";
    public const string SweeperJob = "sweep-events";
    public const string DiaryReminderJob = "diary-reminders";
    public const string ZoneRulesJob = "zone-rules";

    public static IServiceCollection AddCbtScheduling(this IServiceCollection services) =>
        services.AddScoped<EventPlanner>()
            .AddScoped<EventDispatcher>()
            .AddScoped<EventSweeper>()
            .AddScoped<DiaryReminders>()
            .AddScoped<EventDispatchJob>()
            .AddScoped<RecurringSchedulingJobs>()
            .AddScoped<CalendarFeed>()
            .AddScoped<ZoneRulesCheck>()
            .AddScoped<ScheduleChanges>();

    /// <summary>The planner, the sweeper and the diary reminders run every minute on whichever node's server picks them up.</summary>
    public static void ScheduleEventJobs(this IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<RecurringSchedulingJobs>(PlannerJob, jobs => jobs.PlanAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<RecurringSchedulingJobs>(SweeperJob, jobs => jobs.SweepAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<RecurringSchedulingJobs>(DiaryReminderJob, jobs => jobs.RemindDiaryAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<RecurringSchedulingJobs>(ZoneRulesJob, jobs => jobs.ApplyZoneRulesAsync(CancellationToken.None), Cron.Daily(3, 17));
    }
}

/// <summary>Hangfire's entry points for the recurring planner and sweeper (no arguments, nothing personal in Hangfire).</summary>
public sealed class RecurringSchedulingJobs(EventPlanner planner, EventSweeper sweeper, DiaryReminders diaryReminders, ZoneRulesCheck zoneRules)
{
    public Task<int> PlanAsync(CancellationToken cancellationToken) => planner.PlanAsync(cancellationToken: cancellationToken);

    public Task<int> SweepAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);

    public Task<int> RemindDiaryAsync(CancellationToken cancellationToken) => diaryReminders.SendDueAsync(cancellationToken);

    public async Task<int> ApplyZoneRulesAsync(CancellationToken cancellationToken) => (await zoneRules.ApplyAsync(cancellationToken)).EventsMoved;
}
