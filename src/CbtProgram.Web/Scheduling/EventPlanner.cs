using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling.Batches;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Gives each event a Hangfire delayed job once it comes within the planning horizon, so Hangfire holds only the
/// next two days of work however many patients are enrolled. Every event due in the same whole second shares one job
/// (<see cref="DueInstantJob"/>), whose only argument is that instant; it runs them in batches. A paused (or
/// ended) program's events are left alone: they wait for the resume, which moves them and plans them again.
/// </summary>
public sealed class EventPlanner(AppDbContext db, IBackgroundJobClient jobs, IConfiguration configuration, TimeProvider clock)
{
    public const int BatchSize = 500;

    public TimeSpan Horizon => TimeSpan.FromHours(configuration.GetValue("Scheduling:PlanningHorizonHours", 48.0));

    /// <summary>Plans the pending events inside the horizon (of one enrolment, or of all); returns how many.</summary>
    public async Task<int> PlanAsync(Guid? enrolmentId = null, CancellationToken cancellationToken = default)
    {
        var until = clock.GetUtcNow() + Horizon;
        var planned = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.ScheduledEvents
                .FromSql($"""
                    SELECT s.* FROM scheduled_events s
                    WHERE s."Status" = {(int)ScheduledEventStatus.Pending} AND s."DueAt" <= {until}
                      AND (CAST({enrolmentId} AS uuid) IS NULL OR s."EnrolmentId" = CAST({enrolmentId} AS uuid))
                      AND EXISTS (SELECT 1 FROM enrolments e WHERE e."Id" = s."EnrolmentId" AND e."Status" = {(int)EnrolmentStatus.Active})
                    ORDER BY s."DueAt" LIMIT {BatchSize} FOR UPDATE OF s SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;
            foreach (var instant in batch.GroupBy(e => NextWholeSecond(e.DueAt)))
            {
                var jobId = await PlannedJobAsync(instant.Key, cancellationToken)
                    ?? jobs.Schedule<DueInstantJob>(job => job.RunAsync(instant.Key, false, CancellationToken.None), instant.Key);
                foreach (var scheduled in instant)
                    scheduled.Planned(jobId);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            planned += batch.Count;
            // Planned and stored: let them go, so a large catch-up (a clinic imported, the horizon lengthened) keeps
            // one batch in memory, not every event it planned (the caller's own tracked rows stay as they were).
            foreach (var scheduled in batch)
                db.Entry(scheduled).State = EntityState.Detached;
        }
        return planned;
    }

    /// <summary>
    /// Events planned with a Hangfire job that no longer exists (Hangfire's storage was lost or restored from an older
    /// copy, or a job was deleted) go back to pending in one statement, and are planned again in batches: all of them
    /// within the minute, instead of the sweeper taking them one by one once they are late. An event someone holds
    /// (a dispatch in progress) is left for the next check. Returns how many were reset.
    /// </summary>
    public async Task<int> ReplanLostJobsAsync(CancellationToken cancellationToken = default)
    {
        var reset = await db.Database.ExecuteSqlAsync($"""
            WITH lost AS (
                SELECT s."Id" FROM scheduled_events s
                WHERE s."Status" = {(int)ScheduledEventStatus.Planned}
                  AND NOT EXISTS (SELECT 1 FROM hangfire.job j WHERE j.id = CAST(s."JobId" AS bigint))
                FOR UPDATE OF s SKIP LOCKED)
            UPDATE scheduled_events SET "Status" = {(int)ScheduledEventStatus.Pending}, "JobId" = NULL
            FROM lost WHERE scheduled_events."Id" = lost."Id"
            """, cancellationToken);
        if (reset > 0)
            await PlanAsync(cancellationToken: cancellationToken);
        return reset;
    }

    /// <summary>
    /// How far ahead an instant must be for its existing job to take one more event: the job must not start before the
    /// planner's transaction commits, or it would miss the event (which the sweeper would then run late).
    /// </summary>
    public static readonly TimeSpan JoinMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The job already waiting to run the events of this whole second (<see cref="DueInstantJob"/>), if there is one
    /// and it is far enough ahead to join: every event due in the same second shares one job, whichever planner run,
    /// enrolment or node planned it.
    /// </summary>
    private async Task<string?> PlannedJobAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        if (instant - clock.GetUtcNow() < JoinMargin)
            return null;
        var from = instant.AddSeconds(-1);
        var jobType = $"%{typeof(DueInstantJob).FullName}%";
        return await db.Database.SqlQuery<string>($"""
            SELECT s."JobId" AS "Value" FROM scheduled_events s
            JOIN hangfire.job j ON j.id = CAST(s."JobId" AS bigint)
            WHERE s."Status" = {(int)ScheduledEventStatus.Planned} AND s."DueAt" > {from} AND s."DueAt" <= {instant}
              AND j.statename = 'Scheduled' AND j.invocationdata::text LIKE {jobType}
            LIMIT 1
            """).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Hangfire keeps delayed jobs to the whole second (rounding down): round up, so a job never runs before its event is due.</summary>
    public static DateTimeOffset NextWholeSecond(DateTimeOffset instant)
    {
        var rest = instant.Ticks % TimeSpan.TicksPerSecond;
        return rest == 0 ? instant : instant.AddTicks(TimeSpan.TicksPerSecond - rest);
    }
}

/// <summary>
/// The stable entry point for one scheduled event: jobs planned before events were dispatched by the second
/// (<see cref="DueInstantJob"/>) still call it, as do tests and tools that force a dispatch; renaming other code never strands a job.
/// </summary>
public sealed class EventDispatchJob(EventDispatcher dispatcher)
{
    /// <summary>
    /// No automatic retries: a failure is recorded on the event's row with its next attempt's time, and the sweeper makes
    /// that attempt (one retry rule, <see cref="ScheduledEvent.Fail"/>). The job still ends Failed in Hangfire's dashboard.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid eventId)
    {
        try
        {
            await dispatcher.DispatchAsync(eventId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await dispatcher.RecordFailureAsync(eventId, e);
            throw; // Hangfire shows it; the row says what went wrong and when it is tried again
        }
    }
}
