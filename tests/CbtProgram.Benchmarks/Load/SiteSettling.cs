using System.Diagnostics;

namespace CbtProgram.Benchmarks.Load;

/// <summary>
/// Waits, before the measured runs, until the site and PostgreSQL are nearly idle over a whole minute: a freshly
/// started site over a freshly imported clinic spends its first minute or two catching up (its recurring jobs' first
/// runs over every imported patient; which of them costs most is not yet measured), work a clinic in steady state does
/// not do, and which at 100,000 patients slowed the pages measured after the first minute by a third. A window is a
/// minute and a little more so that it always holds one run of every minutely job; idle is under
/// <see cref="IdleCores"/> of CPU over it, far above what the minutely jobs of a settled clinic use.
/// </summary>
internal static class SiteSettling
{
    public const double IdleCores = 0.15;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(65);

    /// <summary>How long it waited, and whether the site settled before <paramref name="limit"/>.</summary>
    public static async Task<(TimeSpan Waited, bool Settled)> WaitAsync(Func<TimeSpan> busyTime, TimeSpan limit, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < limit)
        {
            var before = busyTime();
            await Task.Delay(Window, cancellationToken);
            if ((busyTime() - before) / Window < IdleCores)
                return (waiting.Elapsed, true);
        }
        return (waiting.Elapsed, false);
    }
}
