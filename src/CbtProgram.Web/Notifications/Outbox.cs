using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CbtProgram.Web.Notifications;

/// <summary>Queues email under a unique key and delivers what is waiting. Several nodes may deliver at once: each message is locked while it is sent.</summary>
public sealed class Outbox(
    AppDbContext db, IMailTransport transport, MailOptions options, MailDeliveryTrigger delivery, TimeProvider clock, ILogger<Outbox> logger)
{
    public const int MaxAttempts = 10;
    /// <summary>Some mail relays cap the messages a connection may carry: start a new one well before any such cap.</summary>
    public const int MessagesPerConnection = 50;

    /// <summary>Adds the message unless one with the same key exists; returns false when it was already queued.</summary>
    /// <remarks>Inside a transaction pass deliverNow: false, and call <see cref="TriggerDelivery"/> after committing.</remarks>
    public async Task<bool> EnqueueAsync(string key, string to, string subject, string body, bool deliverNow = true)
    {
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages ("Id", "Key", "To", "Subject", "Body", "CreatedAt", "Attempts")
            VALUES ({Guid.NewGuid()}, {key}, {to}, {subject}, {body}, {clock.GetUtcNow()}, 0)
            ON CONFLICT ("Key") DO NOTHING
            """);
        if (inserted == 1 && deliverNow)
            TriggerDelivery();
        return inserted == 1;
    }

    /// <summary>Asks a Hangfire worker to send what is waiting now, rather than at the next minute.</summary>
    public void TriggerDelivery() => delivery.Trigger();

    /// <summary>Sends every message not yet sent, over one connection to the mail server; a failure is recorded and retried on the next run.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        IMailConnection? connection = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var message = await db.OutboxMessages
                    .FromSql($"""
                        SELECT * FROM outbox_messages
                        WHERE "SentAt" IS NULL AND "Attempts" < {MaxAttempts}
                        ORDER BY "CreatedAt" LIMIT 1 FOR UPDATE SKIP LOCKED
                        """)
                    .FirstOrDefaultAsync(cancellationToken);
                if (message is null)
                    break;
                try
                {
                    connection ??= await transport.ConnectAsync(cancellationToken);
                    await connection.SendAsync(ToMime(message), cancellationToken);
                    message.MarkSent(clock.GetUtcNow());
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    message.MarkFailed(e.Message);
                    logger.LogWarning("Email {MessageId} could not be sent (attempt {Attempts}): {Error}", message.Id, message.Attempts, e.Message);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    break;
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                // A long run would otherwise track every message it sent, and each save would look through them all.
                db.ChangeTracker.Clear();
                if (sent % MessagesPerConnection == 0)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync();
        }
        return sent;
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Body } };
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.MessageId = $"{message.Id:N}@cbtprogram";
        return mime;
    }
}
