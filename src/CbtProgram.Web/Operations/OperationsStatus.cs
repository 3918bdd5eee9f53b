using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Operations;

/// <summary>
/// What counts as late, stuck or given up on, in one place: the operations page, the metrics and the health check all
/// read these rules. Every query is bounded and reads an index (partial ones where most rows are fine), so the answers
/// stay quick however many patients there are.
/// </summary>
public sealed class OperationsStatus(AppDbContext db, EventSweeper sweeper, JobStorage storage, OperationsThresholds thresholds, TimeProvider clock, HeartbeatClock heartbeatClock)
{
    /// <summary>Overdue events, by the sweeper's own rule (<see cref="EventSweeper.Overdue"/>).</summary>
    public IQueryable<ScheduledEvent> OverdueEvents(DateTimeOffset now) => sweeper.Overdue(now).AsNoTracking();

    /// <summary>Failed as often as the dispatcher allows: not tried again until an admin retries it.</summary>
    public IQueryable<ScheduledEvent> FailedEvents() =>
        db.ScheduledEvents.AsNoTracking().Where(e => e.Status == ScheduledEventStatus.Failed);

    /// <summary>Email not sent yet and not given up on: the outbox's backlog.</summary>
    public IQueryable<OutboxMessage> MailBacklog() =>
        db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null && m.DeadLetteredAt == null);

    /// <summary>Email of the backlog that has failed at least once (its own fault or the mail server's) and waits to be tried again.</summary>
    public IQueryable<OutboxMessage> DelayedMail() => MailBacklog().Where(m => m.LastError != null);

    /// <summary>Email given up on: nothing sends it until an admin requeues it.</summary>
    public IQueryable<OutboxMessage> DeadLetters() => db.OutboxMessages.AsNoTracking().Where(m => m.DeadLetteredAt != null);

    /// <summary>Audit entries the sealer has not chained yet (Audit/AuditSealer): a second's worth, unless it has stopped.</summary>
    public IQueryable<Domain.Audit.AuditEntry> UnsealedAuditEntries() => db.AuditEntries.AsNoTracking().Where(e => e.Sequence == null);

    /// <summary>
    /// Hangfire servers that sent a heartbeat within <see cref="OperationsThresholds.MaxHeartbeatAge"/>. Hangfire stamps
    /// heartbeats with the machine's own clock, so they are compared with <see cref="HeartbeatClock"/>, not the site's
    /// clock (a test's may be fake).
    /// </summary>
    public JobServers ReadJobServers()
    {
        var servers = storage.GetMonitoringApi().Servers();
        var now = heartbeatClock.Machine.GetUtcNow();
        var heartbeats = servers.Where(s => s.Heartbeat is not null)
            .Select(s => new DateTimeOffset(DateTime.SpecifyKind(s.Heartbeat!.Value, DateTimeKind.Utc))).ToList();
        return new JobServers(heartbeats.Count(h => now - h <= thresholds.MaxHeartbeatAge), servers.Count,
            heartbeats.Count == 0 ? null : heartbeats.Max());
    }

    /// <summary>The counts and ages at the top of the operations page, for the metrics and for the health check.</summary>
    public async Task<OperationsSummary> ReadSummaryAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var overdue = await OverdueEvents(now).GroupBy(e => 1)
            .Select(g => new { Count = g.Count(), Oldest = g.Min(e => e.DueAt) }).SingleOrDefaultAsync(cancellationToken);
        var failed = await FailedEvents().CountAsync(cancellationToken);
        var backlog = await MailBacklog().GroupBy(m => 1)
            .Select(g => new { Count = g.Count(), Delayed = g.Count(m => m.LastError != null), Oldest = g.Min(m => m.CreatedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        var dead = await DeadLetters().CountAsync(cancellationToken);
        var unsealed = await UnsealedAuditEntries().GroupBy(e => 1)
            .Select(g => new { Count = g.Count(), Oldest = g.Min(e => e.At) }).SingleOrDefaultAsync(cancellationToken);
        var servers = await Task.Run(ReadJobServers, cancellationToken);
        return new OperationsSummary(now,
            overdue?.Count ?? 0, overdue is null ? null : Age(now, overdue.Oldest),
            failed,
            backlog?.Count ?? 0, backlog is null ? null : Age(now, backlog.Oldest), backlog?.Delayed ?? 0,
            dead, servers,
            unsealed?.Count ?? 0, unsealed is null ? null : Age(now, unsealed.Oldest));
    }

    /// <summary>Why the site is Degraded, in plain words; empty when all is well.</summary>
    public IReadOnlyList<string> Problems(OperationsSummary summary)
    {
        var problems = new List<string>();
        if (summary.JobServers.Alive == 0)
            problems.Add($"No job server has sent a heartbeat in the last {Describe(thresholds.MaxHeartbeatAge)}: scheduled events and email are not being processed.");
        if (summary.OldestOverdueAge > thresholds.MaxDispatchLag)
            problems.Add($"The oldest overdue event is {Describe(summary.OldestOverdueAge.Value)} late (the limit is {Describe(thresholds.MaxDispatchLag)}).");
        if (summary.OldestUnsentAge > thresholds.MaxOutboxAge)
            problems.Add($"The oldest unsent email has waited {Describe(summary.OldestUnsentAge.Value)} (the limit is {Describe(thresholds.MaxOutboxAge)}).");
        if (summary.DeadLetters > 0)
            problems.Add(summary.DeadLetters == 1 ? "1 email was given up on (dead-lettered) and waits for an admin."
                : $"{summary.DeadLetters} emails were given up on (dead-lettered) and wait for an admin.");
        if (summary.FailedEvents > 0)
            problems.Add(summary.FailedEvents == 1 ? "1 scheduled event has failed for good and waits for an admin."
                : $"{summary.FailedEvents} scheduled events have failed for good and wait for an admin.");
        if (summary.OldestUnsealedAuditAge > thresholds.MaxUnsealedAuditAge)
            problems.Add($"The oldest audit entry waiting to be sealed into the chain has waited {Describe(summary.OldestUnsealedAuditAge.Value)} (the limit is {Describe(thresholds.MaxUnsealedAuditAge)}): the audit sealer is not running on any node.");
        return problems;
    }

    private static TimeSpan Age(DateTimeOffset now, DateTimeOffset since) => since < now ? now - since : TimeSpan.Zero;

    /// <summary>A duration as an admin would say it: "45 seconds", "12 minutes", "3 hours", "2 days".</summary>
    public static string Describe(TimeSpan age) => age switch
    {
        { TotalMinutes: < 2 } => $"{(int)age.TotalSeconds} seconds",
        { TotalHours: < 2 } => $"{(int)age.TotalMinutes} minutes",
        { TotalDays: < 2 } => $"{(int)age.TotalHours} hours",
        _ => $"{(int)age.TotalDays} days",
    };
}

public sealed record JobServers(int Alive, int Registered, DateTimeOffset? LastHeartbeat);

public sealed record OperationsSummary(
    DateTimeOffset ReadAt,
    int OverdueEvents, TimeSpan? OldestOverdueAge,
    int FailedEvents,
    int MailBacklog, TimeSpan? OldestUnsentAge, int DelayedMail,
    int DeadLetters,
    JobServers JobServers,
    int UnsealedAuditEntries, TimeSpan? OldestUnsealedAuditAge);

/// <summary>The machine's clock, which Hangfire stamps job-server heartbeats with, even where the site's own clock is a test's fake.</summary>
public sealed record HeartbeatClock(TimeProvider Machine);
