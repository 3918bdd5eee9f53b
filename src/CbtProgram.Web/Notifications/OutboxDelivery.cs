using CbtProgram.Web.Data;
using MimeKit;

namespace CbtProgram.Web.Notifications;

/// <summary>
/// Sends what the outbox holds without keeping a database transaction (or a pooled connection) open across the network.
/// A run claims a few due messages (<see cref="OutboxMessage.NextAttemptAt"/> passed), the most urgent and then the
/// oldest, with a lease, in one short committed statement (<c>FOR UPDATE SKIP LOCKED</c>, so two nodes never claim the
/// same message); sends them over one SMTP connection; and records the sent ones together (<see cref="MarkSentEvery"/>) and each failure in a short transaction.
/// <list type="bullet">
/// <item>The server out of reach, timing out, answering 4xx to the connection or refusing our sender: no message is
/// charged; the rest of the batch waits for the server (<see cref="MailServerGate"/>) and the run stops.</item>
/// <item>A message refused (a recipient's 4xx, a 5xx to the message): charged an attempt, it waits its backoff; a 5xx for
/// its recipient or an unreadable address dead-letters it at once, as does its last attempt (<see cref="DeadLetters"/>).
/// Either way the run goes on with the next message.</item>
/// <item>At least once: a node that dies after the server accepted a message and before recording it leaves its lease to
/// run out (<see cref="Lease"/>); another run then sends it again with the same Message-ID, so the receiver can drop the
/// copy. A run never starts a send that its lease might not outlast.</item>
/// </list>
/// </summary>
public sealed class OutboxDelivery(
    AppDbContext db, IMailTransport transport, MailOptions options, MailServerGate server, DeadLetters deadLetters, SealedMail sealedMail, TimeProvider clock,
    ILogger<OutboxDelivery> logger)
{
    /// <summary>Claimed at a time: few enough to send well within a lease, enough to save round trips and transactions.</summary>
    public const int ClaimSize = 100;
    /// <summary>
    /// Sent messages are marked sent together, in one short transaction per this many (and at the end of each claim),
    /// not one each; a node that dies in between sends those again after their lease, with the same Message-ID.
    /// </summary>
    public const int MarkSentEvery = 50;
    /// <summary>Some mail relays cap the messages a connection may carry: start a new one well before any such cap.</summary>
    public const int MessagesPerConnection = 50;
    /// <summary>How long a run may go on starting sends from one claim; its lease adds room for the last send to finish.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private IMailConnection? _connection;
    private int _onConnection;

    /// <summary>Sends every message that is due, batch by batch; returns how many were sent.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        if (server.IsClosed(clock.GetUtcNow()))
            return 0;
        var sent = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (batch, leasedUntil) = await ClaimAsync(cancellationToken);
                if (batch.Count == 0)
                    break;
                var (sentNow, goOn) = await SendAsync(batch, leasedUntil, cancellationToken);
                sent += sentNow;
                // A long run would otherwise track every message it sent, and each save would look through them all.
                db.ChangeTracker.Clear();
                if (!goOn)
                    break;
            }
        }
        finally
        {
            await CloseConnectionAsync();
        }
        return sent;
    }

    /// <summary>The longest one send may take: a few steps (MAIL, RCPT, DATA, the message), each within the SMTP timeout.</summary>
    private TimeSpan SendAllowance => TimeSpan.FromSeconds(4 * options.SmtpTimeoutSeconds);

    private async Task<(List<OutboxMessage> Batch, DateTimeOffset LeasedUntil)> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pacing = options.MessagesPerSecond > 0 ? TimeSpan.FromSeconds(ClaimSize / options.MessagesPerSecond) : TimeSpan.Zero;
        var leasedUntil = now + Lease + SendAllowance + pacing;
        // One statement, so one short transaction, committed before anything is sent.
        var batch = await OutboxClaims.ClaimAsync(db, OutboxChannel.Email, now, leasedUntil, ClaimSize, cancellationToken);
        return (batch, leasedUntil);
    }

    /// <summary>Returns how many were sent, and whether the run should claim more.</summary>
    private async Task<(int Sent, bool GoOn)> SendAsync(List<OutboxMessage> batch, DateTimeOffset leasedUntil, CancellationToken cancellationToken)
    {
        var sent = 0;
        var firstUntried = 0;
        try
        {
            while (firstUntried < batch.Count && !cancellationToken.IsCancellationRequested && clock.GetUtcNow() + SendAllowance <= leasedUntil)
            {
                var message = batch[firstUntried];
                await server.PaceAsync(cancellationToken);
                firstUntried++; // from here on the server may have it: if the run dies now, the lease runs out first
                if (await TrySendAsync(message, cancellationToken) is not { } failure)
                {
                    message.MarkSent(clock.GetUtcNow());
                    if (++sent % MarkSentEvery == 0)
                        await db.SaveChangesAsync(CancellationToken.None);
                    continue;
                }
                if (failure.Kind == MailFailure.Server)
                {
                    firstUntried--;
                    await WaitForServerAsync(batch[firstUntried..], failure.Error);
                    firstUntried = batch.Count;
                    return (sent, false);
                }
                await FailAsync(message, failure.Error, failure.Kind == MailFailure.Hopeless);
            }
            return (sent, true);
        }
        finally
        {
            await db.SaveChangesAsync(CancellationToken.None); // the sent ones not yet marked, in one transaction
            if (firstUntried < batch.Count)
                await ReleaseAsync(batch[firstUntried..], leasedUntil);
        }
    }

    private async Task<(MailFailure Kind, string Error)?> TrySendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        MailboxAddress from;
        try
        {
            from = MailboxAddress.Parse(options.From);
            if (_connection is null)
            {
                _connection = await transport.ConnectAsync(cancellationToken);
                _onConnection = 0;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (MailFailure.Server, e.Message); // whatever stops a connection (or our own sender) is no message's fault
        }
        try
        {
            await _connection.SendAsync(ToMime(message, sealedMail.BodyToSend(message), from), cancellationToken);
            server.Answered();
            if (++_onConnection >= MessagesPerConnection)
                await CloseConnectionAsync();
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var kind = MailFailures.Classify(e);
            if (kind != MailFailure.Server)
                server.Answered();
            if (kind == MailFailure.Server || !_connection.IsConnected)
                await CloseConnectionAsync();
            return (kind, e.Message);
        }
    }

    private async Task WaitForServerAsync(List<OutboxMessage> waiting, string error)
    {
        var until = server.Failed(clock.GetUtcNow());
        foreach (var message in waiting)
            message.Defer(error, until);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogWarning("The mail server could not take email ({Error}); {Count} message(s) wait until {Until:u} with their attempts kept", error, waiting.Count, until);
    }

    private async Task FailAsync(OutboxMessage message, string error, bool hopeless)
    {
        message.Fail(error, clock.GetUtcNow(), hopeless, Random.Shared.NextDouble());
        if (message.DeadLetteredAt is not null)
            await deadLetters.TellAdminsAsync(message, CancellationToken.None); // saved with the message, in one transaction
        await db.SaveChangesAsync(CancellationToken.None);
        if (message.DeadLetteredAt is not null)
            logger.LogError("Email {MessageId} was dead-lettered after {Attempts} attempt(s): {Error}", message.Id, message.Attempts, message.LastError);
        else
            logger.LogWarning("Email {MessageId} was refused (attempt {Attempts}), next try at {Next:u}: {Error}", message.Id, message.Attempts, message.NextAttemptAt, message.LastError);
    }

    /// <summary>Gives back what this run claimed but did not try, unless the lease has already passed to another run.</summary>
    private Task ReleaseAsync(List<OutboxMessage> firstUntried, DateTimeOffset leasedUntil) => OutboxClaims.ReleaseAsync(db, firstUntried, leasedUntil, logger);

    private async Task CloseConnectionAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connection = null;
    }

    private static MimeMessage ToMime(OutboxMessage message, string body, MailboxAddress from)
    {
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = body } };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.MessageId = message.MessageId;
        return mime;
    }
}
