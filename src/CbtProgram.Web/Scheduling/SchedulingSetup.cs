using Hangfire;

namespace CbtProgram.Web.Scheduling;

public static class SchedulingSetup
{
    public static IServiceCollection AddCbtScheduling(this IServiceCollection services) =>
        services.AddScoped<EventPlanner>()
            .AddScoped<EventDispatcher>()
            .AddScoped<EventSweeper>()
            .AddScoped<DiaryReminders>()
            .AddScoped<EventDispatchJob>()
            .AddScoped<Batches.DueInstantDispatch>()
            .AddScoped<Batches.DueInstantJob>()
            .AddScoped<RecurringSchedulingJobs>()
            .AddScoped<CalendarFeed>()
            .AddScoped<ZoneRulesCheck>()
            .AddScoped<ScheduleChanges>()
            .AddSingleton<RunAlone>();
}

/// <summary>
/// Hangfire's entry points for the recurring planner, sweeper, diary reminders and zone-rules check (no arguments,
/// nothing personal in Hangfire): no automatic retries, and never two runs of one at once (<see cref="RecurringJobs"/>).
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RecurringSchedulingJobs(EventPlanner planner, EventSweeper sweeper, DiaryReminders diaryReminders, ZoneRulesCheck zoneRules, RunAlone alone)
{
    public Task<int> PlanAsync(CancellationToken cancellationToken) =>
        alone.RunAsync(RecurringJobs.Planner, () => planner.PlanAsync(cancellationToken: cancellationToken));

    public Task<int> SweepAsync(CancellationToken cancellationToken) =>
        alone.RunAsync(RecurringJobs.Sweeper, () => sweeper.SweepAsync(cancellationToken));

    public Task<int> RemindDiaryAsync(CancellationToken cancellationToken) =>
        alone.RunAsync(RecurringJobs.DiaryReminders, () => diaryReminders.SendDueAsync(cancellationToken));

    public Task<int> ApplyZoneRulesAsync(CancellationToken cancellationToken) =>
        alone.RunAsync(RecurringJobs.ZoneRules, async () => (await zoneRules.ApplyAsync(cancellationToken)).EventsMoved);
}
