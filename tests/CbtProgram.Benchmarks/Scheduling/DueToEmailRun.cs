using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// c. A few session openings due seconds ahead, a fraction of a second apart, run by the real Hangfire server: for
/// each, the time from its due instant until its email reached the SMTP listener.
/// </summary>
public static class DueToEmailRun
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSite site, SmtpInbox inbox, IReadOnlyList<string> therapists,
        int count, int concurrency, string server, TextWriter output, CancellationToken cancellationToken)
    {
        var first = TimeProvider.System.GetUtcNow() + Lead;
        var dueAt = Enumerable.Range(0, count).Select(i => first + Spread * i / count).ToList();
        await output.WriteLineAsync($"c. Due to email: {count} patients whose week 1 opens {Lead.TotalSeconds:0}-{(Lead + Spread).TotalSeconds:0} s from now, in turn ({server})");
        var events = await DueEvents.EnrolAsync(site, therapists, "due", "Due", dueAt, concurrency, cancellationToken);
        if (events.EnrolledAt > first)
            await output.WriteLineAsync($"   WARNING: enrolment finished {(events.EnrolledAt - first).TotalSeconds:0.0} s after the first event was due");

        var deadline = dueAt[^1] + Patience;
        while (events.EventIds.Count > 0 && inbox.For(events.AddressPrefix).Count < count && TimeProvider.System.GetUtcNow() < deadline)
            await Task.Delay(100, cancellationToken);

        var arrivals = inbox.For(events.AddressPrefix).GroupBy(a => a.To, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Min(a => a.At), StringComparer.OrdinalIgnoreCase);
        var outcomes = await events.OutcomesAsync(site, cancellationToken);
        var toEmail = outcomes.Where(o => arrivals.ContainsKey(o.Email)).Select(o => (arrivals[o.Email] - o.DueAt).TotalSeconds).Order().ToList();
        var toDone = outcomes.Where(o => o.Status == ScheduledEventStatus.Done).Select(o => (o.CompletedAt!.Value - o.DueAt).TotalSeconds).Order().ToList();
        var missing = count - toEmail.Count;
        await output.WriteLineAsync($"   due to Done: median {Median(toDone):0.00} s, max {Max(toDone):0.00} s; due to email at the listener: median {Median(toEmail):0.00} s, max {Max(toEmail):0.00} s");
        await output.WriteLineAsync($"   each, due to email (s): {string.Join(" ", toEmail.Select(s => s.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}");
        if (missing > 0)
            await output.WriteLineAsync($"   {missing} of {count} emails had not arrived {Patience.TotalSeconds:0} s after the last was due");

        return
        [
            new Figure($"c. due -> email, median of {count}", $"{Median(toEmail):0.00} s"),
            new Figure($"c. due -> email, max of {count}", missing > 0 ? $"{missing} never arrived" : $"{Max(toEmail):0.00} s", "< 2 s",
                missing == 0 && Max(toEmail) < 2),
        ];
    }

    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    public static double Max(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[^1];
}
