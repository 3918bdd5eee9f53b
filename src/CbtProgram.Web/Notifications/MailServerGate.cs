namespace CbtProgram.Web.Notifications;

/// <summary>
/// When this node may next talk to the mail server. After the server could not be reached the node waits
/// (<see cref="DeliveryBackoff.ForServer"/>, longer after each failure in a row) rather than trying on every delivery run,
/// so an outage costs one connection attempt per wait, and when it ends every message is due together and leaves in
/// priority order. It also keeps the node to <see cref="MailOptions.MessagesPerSecond"/>. Held in memory: a restarted
/// node simply tries once more.
/// </summary>
public sealed class MailServerGate(MailOptions options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private int _failuresInARow;
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSendAt = DateTimeOffset.MinValue;

    public bool IsClosed(DateTimeOffset now)
    {
        lock (_gate)
            return now < _closedUntil;
    }

    /// <summary>The server failed again: returns when to try next.</summary>
    public DateTimeOffset Failed(DateTimeOffset now)
    {
        lock (_gate)
        {
            _failuresInARow++;
            _closedUntil = DeliveryBackoff.ForServer(now, _failuresInARow, Random.Shared.NextDouble());
            return _closedUntil;
        }
    }

    public void Answered()
    {
        lock (_gate)
            _failuresInARow = 0;
    }

    /// <summary>Waits for this node's next sending slot when a rate is set; returns at once when it is not.</summary>
    public Task PaceAsync(CancellationToken cancellationToken)
    {
        if (options.MessagesPerSecond <= 0)
            return Task.CompletedTask;
        TimeSpan wait;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var slot = _nextSendAt > now ? _nextSendAt : now;
            _nextSendAt = slot + TimeSpan.FromSeconds(1 / options.MessagesPerSecond);
            wait = slot - now;
        }
        return wait > TimeSpan.Zero ? Task.Delay(wait, clock, cancellationToken) : Task.CompletedTask;
    }
}
