using CbtProgram.Web.Care;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Retention;
using Hangfire;
using Hangfire.Storage;

namespace CbtProgram.Web.Scheduling;

/// <summary>One recurring job: its id in Hangfire and how to register it.</summary>
public sealed record RecurringJobDefinition(string Id, Action<IRecurringJobManager> Register);

/// <summary>
/// Every recurring job the site needs, in one place. They are registered at start-up and, because Hangfire's storage can
/// be lost (a restore, a wipe, an operator's mistake), checked again by <see cref="JobStorageKeeper"/> every minute on each
/// job server, which registers any that has gone missing. Each job's entry point takes no arguments (nothing personal in
/// Hangfire), has no automatic retries (the next minute's run is the retry; the work it does keeps its own record of
/// failures) and never overlaps itself (<see cref="RunAlone"/>); mail delivery may overlap by design, as each run
/// claims its own messages.
/// </summary>
public static class RecurringJobs
{
    public const string Planner = "plan-events";
    public const string Sweeper = "sweep-events";
    public const string DiaryReminders = "diary-reminders";
    public const string ZoneRules = "zone-rules";
    public const string Escalation = "escalate-risk-alerts";
    public const string MailDelivery = "deliver-mail";
    public const string Retention = "retention";

    public static readonly IReadOnlyList<RecurringJobDefinition> All =
    [
        new(Planner, jobs => jobs.AddOrUpdate<RecurringSchedulingJobs>(Planner, job => job.PlanAsync(CancellationToken.None), Cron.Minutely())),
        new(Sweeper, jobs => jobs.AddOrUpdate<RecurringSchedulingJobs>(Sweeper, job => job.SweepAsync(CancellationToken.None), Cron.Minutely())),
        new(DiaryReminders, jobs => jobs.AddOrUpdate<RecurringSchedulingJobs>(DiaryReminders, job => job.RemindDiaryAsync(CancellationToken.None), Cron.Minutely())),
        new(ZoneRules, jobs => jobs.AddOrUpdate<RecurringSchedulingJobs>(ZoneRules, job => job.ApplyZoneRulesAsync(CancellationToken.None), Cron.Daily(3, 17))),
        new(Escalation, jobs => jobs.AddOrUpdate<EscalationJob>(Escalation, job => job.RunAsync(CancellationToken.None), Cron.Minutely())),
        new(MailDelivery, jobs => jobs.AddOrUpdate<MailDeliveryJob>(MailDelivery, NotificationsSetup.MailQueue, job => job.RunAsync(CancellationToken.None), Cron.Minutely())),
        // A quiet hour, clear of the zone-rules job.
        new(Retention, jobs => jobs.AddOrUpdate<RetentionJob>(Retention, job => job.RunAsync(CancellationToken.None), Cron.Daily(3, 41))),
    ];

    /// <summary>Registers (or updates) every recurring job: at start-up.</summary>
    public static void RegisterRecurringJobs(this IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        foreach (var job in All)
            job.Register(manager);
    }

    /// <summary>Registers the recurring jobs missing from Hangfire's storage; returns their ids.</summary>
    public static IReadOnlyList<string> RegisterMissing(IRecurringJobManager manager, JobStorage storage)
    {
        using var connection = storage.GetConnection();
        var present = connection.GetRecurringJobs().Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var missing = All.Where(job => !present.Contains(job.Id)).ToList();
        foreach (var job in missing)
            job.Register(manager);
        return missing.Select(job => job.Id).ToList();
    }
}
