using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Self-healing: every minute, dispatches events that are past due but not finished, whether their Hangfire job went
/// missing, failed for good, or was never planned. Dispatching is idempotent, so racing a job is harmless. A paused
/// program's events are not its business: they wait, unplanned, for the resume. It never waits on a lock: an enrolment
/// another worker holds (a dispatch or a change in progress, or a stuck one) is passed over until the next sweep. An event
/// that fails is recorded and passed over until its next attempt's time; after <see cref="EventDispatcher.MaxAttempts"/> failures it is Failed and left for an admin.
/// </summary>
public sealed class EventSweeper(AppDbContext db, EventDispatcher dispatcher, IConfiguration configuration, TimeProvider clock, Operations.OperationsMetrics metrics)
{
    /// <summary>How late an event must be before the sweeper takes it over from its job (default a minute).</summary>
    public TimeSpan Grace => TimeSpan.FromSeconds(configuration.GetValue("Scheduling:SweepGraceSeconds", 60.0));
    public const int BatchSize = 200;

    /// <summary>
    /// Overdue: still waiting to run (Pending or Planned) though due longer ago than the grace, in a running program (a
    /// paused program's events wait on purpose). The one rule the sweeper, the operations page, the metrics and the
    /// health check share.
    /// </summary>
    public IQueryable<ScheduledEvent> Overdue(DateTimeOffset now)
    {
        var overdue = now - Grace;
        return db.ScheduledEvents.Where(e => (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned)
            && e.DueAt <= overdue
            && db.Enrolments.Any(enrolment => enrolment.Id == e.EnrolmentId && enrolment.Status == EnrolmentStatus.Active));
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var ids = await Overdue(now).Where(e => e.NextAttemptAt == null || e.NextAttemptAt <= now)
            .OrderBy(e => e.DueAt).Select(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var dispatched = 0;
        foreach (var id in ids)
        {
            if (cancellationToken.IsCancellationRequested)
                break;
            try
            {
                if (await dispatcher.DispatchAsync(id, waitForLock: false))
                    dispatched++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One event that cannot run never holds up the others: its error is recorded on its row and the sweep goes on.
                await dispatcher.RecordFailureAsync(id, e);
            }
        }
        metrics.SweeperRepaired(dispatched);
        return dispatched;
    }
}
