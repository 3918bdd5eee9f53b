using System.Data.Common;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications;

/// <summary>
/// How a delivery run (email or push) takes messages of its channel from the outbox and gives back what it did not try:
/// one rule for both, so two nodes never hold the same message and a dead run's messages come back when its lease ends.
/// </summary>
public static class OutboxClaims
{
    /// <summary>
    /// Claims up to <paramref name="size"/> due messages (the most urgent, then the oldest) until
    /// <paramref name="leasedUntil"/>, in one short committed statement (<c>FOR UPDATE SKIP LOCKED</c>).
    /// </summary>
    public static async Task<List<OutboxMessage>> ClaimAsync(AppDbContext db, OutboxChannel channel, DateTimeOffset now, DateTimeOffset leasedUntil, int size,
        CancellationToken cancellationToken)
    {
        var batch = await db.OutboxMessages.FromSql($"""
            WITH due AS (
                SELECT "Id" FROM outbox_messages
                WHERE "SentAt" IS NULL AND "DeadLetteredAt" IS NULL AND "NextAttemptAt" <= {now}
                  AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= {now}) AND "Channel" = {(int)channel}
                ORDER BY "Priority", "CreatedAt"
                LIMIT {size}
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox_messages AS m SET "LeasedUntil" = {leasedUntil}
            FROM due WHERE m."Id" = due."Id"
            RETURNING m.*
            """).ToListAsync(cancellationToken);
        return batch.OrderBy(m => m.Priority).ThenBy(m => m.CreatedAt).ToList();
    }

    /// <summary>Gives back what a run claimed but did not try, unless the lease has already passed to another run.</summary>
    public static async Task ReleaseAsync(AppDbContext db, List<OutboxMessage> untried, DateTimeOffset leasedUntil, ILogger logger)
    {
        var ids = untried.Select(m => m.Id).ToList();
        try
        {
            await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeasedUntil == leasedUntil)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            logger.LogWarning("Could not give back {Count} claimed message(s); their lease runs out by {Until:u}: {Error}", ids.Count, leasedUntil, e.Message);
        }
    }
}
