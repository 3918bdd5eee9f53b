namespace CbtProgram.Web.Notifications;

/// <summary>
/// An email waiting to leave or already sent. Its key (what, for whom, by which channel) is unique, so the same
/// notification queued twice by a retry or by two nodes is stored, and sent, once.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public OutboxMessage(string key, string to, string subject, string body, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Key = key;
        To = to;
        Subject = subject;
        Body = body;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Key { get; private set; } = "";
    public string To { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    public void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
    }
}
