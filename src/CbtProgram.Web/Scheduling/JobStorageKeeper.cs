using Hangfire;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// The safety net under the safety net. Hangfire keeps the recurring jobs and the delayed job of every planned event in
/// its own tables; if those are lost (wiped, restored from an older copy), nothing would run again until a restart. On
/// every node that runs a job server, this checks once a minute (<c>Jobs:KeeperSeconds</c>): any recurring job missing
/// is registered again, and events whose job is gone are planned again in bulk (<see cref="EventPlanner.ReplanLostJobsAsync"/>).
/// </summary>
public sealed class JobStorageKeeper(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<JobStorageKeeper> logger) : BackgroundService
{
    public TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue("Jobs:KeeperSeconds", 60.0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await KeepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database or Hangfire's storage is unreachable for now: say so, and look again next time.
                logger.LogError(e, "Checking Hangfire's storage failed; trying again in {Seconds} s", Interval.TotalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One check: what was missing and is back. Also called directly by tests and operators' tools.</summary>
    public async Task<(IReadOnlyList<string> JobsRegistered, int EventsReplanned)> KeepAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var registered = RecurringJobs.RegisterMissing(services.GetRequiredService<IRecurringJobManager>(), services.GetRequiredService<JobStorage>());
        if (registered.Count > 0)
            logger.LogWarning("Recurring jobs missing from Hangfire's storage were registered again: {Jobs}", string.Join(", ", registered));
        var replanned = await services.GetRequiredService<EventPlanner>().ReplanLostJobsAsync(cancellationToken);
        if (replanned > 0)
            logger.LogWarning("{Count} scheduled events had lost their Hangfire job and were planned again", replanned);
        return (registered, replanned);
    }
}
