namespace CbtProgram.Web.Notifications;

public enum OutboxChannel
{
    Email = 0,
    Push = 1,
}

/// <summary>
/// An email waiting to leave, already sent, or set aside. Its key (what, for whom, by which channel) is unique, so the
/// same notification queued twice by a retry or by two nodes is stored, and sent, once. It says when it may next be
/// tried (<see cref="NextAttemptAt"/>) and which delivery run holds it (<see cref="LeasedUntil"/>); a message that
/// fails for good is dead-lettered, never dropped.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Tries a message may use on failures of its own (a refused recipient or message); outages use none.</summary>
    public const int MaxAttempts = 10;
    public const int ErrorLength = 500;

    private OutboxMessage() { }

    public OutboxMessage(string key, string to, string subject, string body, MailPriority priority, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Key = key;
        To = to;
        Subject = subject;
        Body = body;
        Priority = priority;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>
    /// Email, or a push notification to one device (<see cref="To"/> is then <c>push:{device id}</c>, <see cref="Subject"/>
    /// its text and <see cref="Body"/> the JSON the device is sent). Both share the key, attempts, backoff, dead letters,
    /// requeue and retention; each channel has its own delivery run.
    /// </summary>
    public OutboxChannel Channel { get; private set; }
    public string Key { get; private set; } = "";
    public string To { get; private set; } = "";
    public string Subject { get; private set; } = "";
    /// <summary>What anyone may read: for an email holding a secret link, the body with its links redacted.</summary>
    public string Body { get; private set; } = "";
    /// <summary>
    /// The whole body of an email holding a secret link, encrypted (<see cref="SealedMail"/>); retention removes it with
    /// the body (its links have long expired by then).
    /// </summary>
    public string? SealedBody { get; private set; }
    public MailPriority Priority { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// <summary>Tries charged to this message: its own failures and the send that succeeded.</summary>
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>Not tried before this instant (backoff after a failure; the mail server's wait during an outage).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }
    /// <summary>A delivery run has claimed it until then; after that (the run's node died) another run may claim it.</summary>
    public DateTimeOffset? LeasedUntil { get; private set; }
    /// <summary>Given up on: no run claims it until an admin requeues it.</summary>
    public DateTimeOffset? DeadLetteredAt { get; private set; }

    /// <summary>
    /// When retention removed the body and the address of this sent message (see <c>Retention/RetentionJob.cs</c>); the
    /// row stays, so its unique key still stops a second send and the mail log still shows that it was sent, and when.
    /// </summary>
    public DateTimeOffset? ScrubbedAt { get; private set; }

    /// <summary>What stands in the recipient's place once the address has been removed.</summary>
    public const string RemovedAddress = "(address removed)";

    /// <summary>The Message-ID header, the same on every try, so a receiver can drop a second copy.</summary>
    public string MessageId => $"{Id:N}@cbtprogram";

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
        LeasedUntil = null;
    }

    /// <summary>The mail server could not take it (down, timed out, busy): not this message's fault, so no attempt is used.</summary>
    public void Defer(string error, DateTimeOffset nextAttemptAt)
    {
        LastError = Trim(error);
        NextAttemptAt = nextAttemptAt;
        LeasedUntil = null;
    }

    /// <summary>
    /// Refused for a reason of its own: the attempt counts and the message waits its backoff, or is dead-lettered when it
    /// can never succeed (<paramref name="hopeless"/>) or has used its last attempt.
    /// </summary>
    public void Fail(string error, DateTimeOffset now, bool hopeless, double jitter)
    {
        Attempts++;
        LastError = Trim(error);
        LeasedUntil = null;
        if (hopeless || Attempts >= MaxAttempts)
            DeadLetteredAt = now;
        else
            NextAttemptAt = DeliveryBackoff.ForMessage(now, Attempts, jitter);
    }

    /// <summary>An admin sends it again: it is due now, with its attempts back. A sent (or scrubbed) message is not sent twice.</summary>
    public bool Requeue(DateTimeOffset now)
    {
        if (SentAt is not null || ScrubbedAt is not null)
            return false;
        DeadLetteredAt = null;
        Attempts = 0;
        LastError = null;
        LeasedUntil = null;
        NextAttemptAt = now;
        return true;
    }

    private static string Trim(string error) => error.Length > ErrorLength ? error[..ErrorLength] : error;
}
