using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications;

/// <summary>Queues email under a unique key, with its priority; <see cref="OutboxDelivery"/> sends it.</summary>
public sealed class Outbox(AppDbContext db, MailDeliveryTrigger delivery, TimeProvider clock)
{
    /// <summary>
    /// Adds the message unless one with the same key exists; returns false when it was already queued. Its priority
    /// comes from the key (<see cref="MailPriorities.ForKey"/>) unless given.
    /// </summary>
    /// <remarks>Inside a transaction pass deliverNow: false, and call <see cref="TriggerDelivery"/> after committing.</remarks>
    public async Task<bool> EnqueueAsync(string key, string to, string subject, string body, bool deliverNow = true, MailPriority? priority = null)
    {
        var now = clock.GetUtcNow();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages ("Id", "Key", "To", "Subject", "Body", "Priority", "CreatedAt", "NextAttemptAt", "Attempts")
            VALUES ({Guid.NewGuid()}, {key}, {to}, {subject}, {body}, {(int)(priority ?? MailPriorities.ForKey(key))}, {now}, {now}, 0)
            ON CONFLICT ("Key") DO NOTHING
            """);
        if (inserted == 1 && deliverNow)
            TriggerDelivery();
        return inserted == 1;
    }

    /// <summary>Asks a Hangfire worker to send what is waiting now, rather than at the next minute.</summary>
    public void TriggerDelivery() => delivery.Trigger();
}
