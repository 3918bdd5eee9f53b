using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling.Batches;

/// <summary>
/// Takes, inside the caller's transaction, a batch of the planned events due at one whole second: first the enrolments
/// they belong to, in id order, <c>FOR UPDATE SKIP LOCKED</c> (an enrolment that a schedule change, a single dispatch or
/// another batch holds is left for them), then those enrolments' events of that second, <c>FOR UPDATE</c>. Enrolment
/// before event, as <see cref="EnrolmentLock"/> and every schedule change lock, so no deadlock; read under the locks, so
/// what another writer committed first is what the batch sees.
/// </summary>
public static class DueBatchClaim
{
    /// <summary>The events planned for <paramref name="instant"/> (due in the second before it, up to it) that may run now.</summary>
    public static IQueryable<ScheduledEvent> DueAt(AppDbContext db, DateTimeOffset instant, DateTimeOffset now)
    {
        var from = instant.AddSeconds(-1);
        return db.ScheduledEvents.Where(e => e.Status == ScheduledEventStatus.Planned && e.DueAt > from && e.DueAt <= instant && e.DueAt <= now
            && (e.NextAttemptAt == null || e.NextAttemptAt <= now));
    }

    public static async Task<List<(Enrolment Enrolment, ScheduledEvent Event)>> ClaimAsync(AppDbContext db, DateTimeOffset instant, DateTimeOffset now, int size,
        CancellationToken cancellationToken = default)
    {
        var from = instant.AddSeconds(-1);
        var enrolments = await db.Enrolments.FromSql($"""
            SELECT e.* FROM enrolments e
            WHERE e."Id" IN (SELECT s."EnrolmentId" FROM scheduled_events s
                             WHERE s."Status" = {(int)ScheduledEventStatus.Planned} AND s."DueAt" > {from} AND s."DueAt" <= {instant} AND s."DueAt" <= {now}
                               AND (s."NextAttemptAt" IS NULL OR s."NextAttemptAt" <= {now}))
            ORDER BY e."Id" LIMIT {size}
            FOR UPDATE OF e SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (enrolments.Count == 0)
            return [];
        var ids = enrolments.Select(e => e.Id).ToArray();
        var events = await db.ScheduledEvents.FromSql($"""
            SELECT s.* FROM scheduled_events s
            WHERE s."EnrolmentId" = ANY({ids}) AND s."Status" = {(int)ScheduledEventStatus.Planned}
              AND s."DueAt" > {from} AND s."DueAt" <= {instant} AND s."DueAt" <= {now}
              AND (s."NextAttemptAt" IS NULL OR s."NextAttemptAt" <= {now})
            ORDER BY s."EnrolmentId", s."DueAt", s."Id"
            FOR UPDATE
            """).ToListAsync(cancellationToken);
        var byId = enrolments.ToDictionary(e => e.Id);
        return events.Select(e => (byId[e.EnrolmentId], e)).ToList();
    }
}
