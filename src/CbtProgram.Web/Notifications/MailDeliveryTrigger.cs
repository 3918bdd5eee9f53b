using Hangfire;
using Hangfire.States;

namespace CbtProgram.Web.Notifications;

/// <summary>
/// Asks a Hangfire worker to empty the outbox, but not once for every message: while the delivery job this node last
/// queued is still waiting to start, it will send whatever is committed by then, so it needs no company. A thousand
/// notifications due at once then cost a few delivery jobs instead of a thousand. It asks Hangfire for that job's
/// state rather than keeping a flag, so it stays right when a worker on another node takes the job.
/// </summary>
public sealed class MailDeliveryTrigger(IBackgroundJobClient jobs, JobStorage storage)
{
    private readonly Lock _gate = new();
    private string? _queuedJobId;

    public void Trigger()
    {
        lock (_gate)
        {
            if (_queuedJobId is { } jobId && IsStillQueued(jobId))
                return;
            _queuedJobId = jobs.Enqueue<MailDeliveryJob>(NotificationsSetup.MailQueue, job => job.RunAsync(CancellationToken.None));
        }
    }

    /// <summary>Queued, not yet started: its run begins after the caller's commit, so it will see the caller's message.</summary>
    private bool IsStillQueued(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name == EnqueuedState.StateName;
    }
}
