namespace CbtProgram.Web.Notifications;

/// <summary>
/// How long to wait before trying again: exponential (each failure doubles the step, up to a cap) with "equal jitter"
/// (between half and all of the step), so nodes and messages that failed together do not all come back together.
/// </summary>
public static class DeliveryBackoff
{
    /// <summary>A message refused for a reason of its own: 1, 2, 4 ... minutes, at most an hour (its 10 tries span about 4 hours).</summary>
    public static readonly TimeSpan MessageFirstStep = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MessageCap = TimeSpan.FromHours(1);

    /// <summary>The mail server out of reach: 15, 30, 60 ... seconds, at most 5 minutes, so mail resumes soon after it returns.</summary>
    public static readonly TimeSpan ServerFirstStep = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ServerCap = TimeSpan.FromMinutes(5);

    /// <summary>The wait after <paramref name="failures"/> failures (at least 1): <paramref name="firstStep"/> doubled for each
    /// failure after the first, at most <paramref name="cap"/>, times between a half and one by <paramref name="jitter"/>
    /// (a number in [0, 1)).</summary>
    public static TimeSpan Delay(int failures, TimeSpan firstStep, TimeSpan cap, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1.0);
        // 2^30 steps overflow nothing and are far past any cap.
        var step = Math.Min(firstStep.Ticks * Math.Pow(2, Math.Min(failures - 1, 30)), cap.Ticks);
        return TimeSpan.FromTicks((long)(step / 2 + step / 2 * jitter));
    }

    public static DateTimeOffset ForMessage(DateTimeOffset now, int attempts, double jitter) =>
        now + Delay(attempts, MessageFirstStep, MessageCap, jitter);

    public static DateTimeOffset ForServer(DateTimeOffset now, int failures, double jitter) =>
        now + Delay(failures, ServerFirstStep, ServerCap, jitter);
}
