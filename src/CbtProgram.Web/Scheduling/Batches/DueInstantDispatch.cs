using CbtProgram.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling.Batches;

/// <summary>
/// Runs every event planned for one whole second, in batches: each batch claims up to <see cref="BatchSize"/> enrolments'
/// events (<see cref="DueBatchClaim"/>), runs them through the dispatcher's rules and records them in one transaction
/// (<see cref="EventDispatcher.DispatchLockedAsync"/>). When many are due, the instant's job asks for helpers (more
/// Hangfire jobs for the same instant, claiming other rows) so several workers share the work. A batch that fails is
/// rolled back and its events run one by one (<see cref="EventDispatcher.DispatchAsync"/>), each failure recorded on its
/// own row (<see cref="EventDispatcher.RecordFailureAsync"/>), so one bad event never holds up the rest. Events that were
/// held by someone else (a schedule change) are waited for one by one at the end, so none waits for the sweeper. A run
/// attempts each event at most once: what is still due after its attempt waits for the sweeper, so a run always ends.
/// </summary>
public sealed class DueInstantDispatch(AppDbContext db, EventDispatcher dispatcher, IBackgroundJobClient jobs, IConfiguration configuration, TimeProvider clock,
    ILogger<DueInstantDispatch> logger)
{
    /// <summary>Enrolments claimed per transaction (<c>Scheduling:DispatchBatchSize</c>).</summary>
    public int BatchSize => Math.Max(1, configuration.GetValue("Scheduling:DispatchBatchSize", 100));

    /// <summary>Most helper jobs one instant asks for (<c>Scheduling:DispatchHelpers</c>); one per batch's worth of due events beyond the first.</summary>
    public int MaxHelpers => Math.Max(0, configuration.GetValue("Scheduling:DispatchHelpers", 7));

    /// <summary>Runs what is due for the instant; returns how many events ran. Helpers neither ask for helpers nor wait for held events.</summary>
    public async Task<int> RunAsync(DateTimeOffset instant, bool helper, CancellationToken cancellationToken = default)
    {
        if (!helper)
            await AskForHelpersAsync(instant, cancellationToken);
        var ran = 0;
        var attempted = new HashSet<Guid>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var (claimed, count) = await RunBatchAsync(instant);
            ran += count;
            // Nothing left, or only events this run has already attempted (a failure not yet recorded as one).
            var attemptedBefore = attempted.Count;
            attempted.UnionWith(claimed);
            if (attempted.Count == attemptedBefore)
                break;
        }
        if (!helper && !cancellationToken.IsCancellationRequested)
            ran += await RunHeldOneByOneAsync(instant, attempted, cancellationToken);
        return ran;
    }

    private async Task AskForHelpersAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        if (MaxHelpers == 0)
            return;
        var due = await DueBatchClaim.DueAt(db, instant, clock.GetUtcNow()).CountAsync(cancellationToken);
        var helpers = Math.Min(MaxHelpers, (due - 1) / BatchSize);
        for (var i = 0; i < helpers; i++)
            jobs.Enqueue<DueInstantJob>(job => job.RunAsync(instant, true, CancellationToken.None));
    }

    /// <summary>One batch in one transaction; returns the events claimed and how many of them ran.</summary>
    private async Task<(IReadOnlyList<Guid> Claimed, int Ran)> RunBatchAsync(DateTimeOffset instant)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        List<Guid> ids = [];
        try
        {
            EventDispatcher.Dispatched batch;
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                var claimed = await DueBatchClaim.ClaimAsync(db, instant, now, BatchSize);
                if (claimed.Count == 0)
                    return ([], 0);
                ids = claimed.Select(c => c.Event.Id).ToList();
                batch = await dispatcher.DispatchLockedAsync(claimed, now);
                await transaction.CommitAsync();
            }
            dispatcher.AfterCommit(batch);
            return (ids, batch.Events.Count(e => e.Ran));
        }
        catch (Exception e) when (e is not OperationCanceledException && ids.Count > 0)
        {
            logger.LogWarning("A dispatch batch of {Count} events failed ({Error}); running them one by one", ids.Count, e.Message);
            return (ids, await RunOneByOneAsync(ids));
        }
    }

    /// <summary>Each event in a transaction of its own; a failure is recorded on its row and the rest go on.</summary>
    private async Task<int> RunOneByOneAsync(IReadOnlyList<Guid> ids)
    {
        var ran = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            try
            {
                if (await dispatcher.DispatchAsync(id))
                    ran++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await dispatcher.RecordFailureAsync(id, e);
            }
        }
        return ran;
    }

    /// <summary>What the batches passed over because someone held its enrolment: waited for, one by one.</summary>
    private async Task<int> RunHeldOneByOneAsync(DateTimeOffset instant, IReadOnlySet<Guid> attempted, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var due = await DueBatchClaim.DueAt(db, instant, clock.GetUtcNow()).OrderBy(e => e.EnrolmentId).Select(e => e.Id).ToListAsync(cancellationToken);
        var held = due.Where(id => !attempted.Contains(id)).ToList();
        return held.Count == 0 ? 0 : await RunOneByOneAsync(held);
    }
}

/// <summary>
/// Hangfire's entry point for the events planned for one whole second (<see cref="EventPlanner"/>): its only argument is
/// the instant (and whether it is a helper), never anything about a patient.
/// </summary>
public sealed class DueInstantJob(DueInstantDispatch dispatch)
{
    /// <summary>No automatic retries: a failed event is recorded on its row and the sweeper makes its next attempt.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(DateTimeOffset instant, bool helper, CancellationToken cancellationToken) => dispatch.RunAsync(instant, helper, cancellationToken);
}
