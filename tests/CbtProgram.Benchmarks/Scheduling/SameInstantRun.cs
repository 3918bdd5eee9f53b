using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Domain.Scheduling;
using Hangfire;
using Hangfire.States;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// d. Many session openings due at the same whole minute (distinct patients; each opens week 1, posts a notice and
/// queues an email), run by the real Hangfire server with a given worker count: how long after that minute every
/// event is Done and every email has reached the SMTP listener, and that each patient got exactly one.
/// </summary>
public static class SameInstantRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    /// <summary>Issue 18: every event Done and every email at the listener within 20 s of the due minute.</summary>
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(20);
    /// <summary>Issue 18: PostgreSQL's own count of transactions (all of them: dispatch, Hangfire, outbox) per event.</summary>
    private const double MaxTransactionsPerEvent = 5;
    // Emails that a retry might send twice would come late: keep listening a little after the last expected one.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSite site, SmtpInbox inbox, IReadOnlyList<string> therapists,
        int round, int count, int workers, int concurrency, double enrolmentsPerSecond, CpuMeter cpu, DatabaseActivity activity, TextWriter output, CancellationToken cancellationToken)
    {
        var setup = TimeSpan.FromSeconds(count / enrolmentsPerSecond * 2 + 10);
        var due = NextWholeMinute(TimeProvider.System.GetUtcNow() + setup);
        await output.WriteLineAsync($"d. Same instant, Jobs:WorkerCount={workers}: {count:N0} patients whose week 1 opens at {due:HH:mm:ss} UTC; enrolling...");
        var events = await DueEvents.EnrolAsync(site, therapists, $"minute{round}-w{workers}", $"Minute {round} W{workers}", Enumerable.Repeat(due, count).ToList(), concurrency, cancellationToken);
        var wait = due - TimeProvider.System.GetUtcNow();
        await output.WriteLineAsync(wait > TimeSpan.Zero
            ? $"   enrolled and planned {events.EventIds.Count:N0} events; {wait.TotalSeconds:0} s until they are due"
            : $"   WARNING: enrolment finished {-wait.TotalSeconds:0.0} s after the due instant: the figures below include that");
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
        var cpuAtDue = cpu.Read();
        var activityAtDue = await activity.ReadAsync();

        var deadline = due + Patience;
        while (inbox.For(events.AddressPrefix).Count < count && TimeProvider.System.GetUtcNow() < deadline)
            await Task.Delay(100, cancellationToken);
        while (await events.DoneCountAsync(site, cancellationToken) < count && TimeProvider.System.GetUtcNow() < deadline)
            await Task.Delay(250, cancellationToken);
        var cpuUsed = CpuMeter.Describe(cpuAtDue, cpu.Read(), count);
        await Task.Delay(Settle, cancellationToken);
        var activityAfter = await activity.ReadAsync();
        var work = DatabaseActivity.Describe(activityAtDue, activityAfter, count);
        var transactionsPerEvent = (double)(activityAfter.Transactions - activityAtDue.Transactions) / count;

        var outcomes = await events.OutcomesAsync(site, cancellationToken);
        var done = outcomes.Where(o => o.Status == ScheduledEventStatus.Done).Select(o => o.CompletedAt!.Value).Order().ToList();
        var arrivals = inbox.For(events.AddressPrefix);
        var recipients = arrivals.Select(a => a.To).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var messageIds = arrivals.Select(a => a.MessageId).Distinct(StringComparer.Ordinal).Count();
        var (queued, sent) = await events.OutboxAsync(site, cancellationToken);
        var allDone = done.Count == count;
        var allArrived = recipients == count;
        var exactlyOnce = arrivals.Count == count && recipients == count && messageIds == count && queued == count && sent == count;

        var doneAfter = allDone ? (done[^1] - due).TotalSeconds : double.NaN;
        var firstDone = done.Count > 0 ? (done[0] - due).TotalSeconds : double.NaN;
        var emailsAfter = allArrived ? (arrivals.Max(a => a.At) - due).TotalSeconds : double.NaN;
        await output.WriteLineAsync($"   first Done {firstDone:0.00} s after the due instant, all {done.Count:N0} Done after {doneAfter:0.00} s ({count / doneAfter:0}/s); " +
            $"all emails at the listener after {emailsAfter:0.00} s ({count / emailsAfter:0}/s)");
        await output.WriteLineAsync($"   Done in each second after the due instant:   {PerSecond(done, due)}");
        await output.WriteLineAsync($"   emails in each second after the due instant: {PerSecond(arrivals.Select(a => a.At).ToList(), due)}");
        await output.WriteLineAsync($"   {cpuUsed}; {work}");
        await output.WriteLineAsync($"   Hangfire's delayed-job scheduler had queued all {count:N0} dispatch jobs {await LastEnqueuedAsync(site, outcomes, due):0.00} s after the due instant");
        await output.WriteLineAsync($"   exactly-once check: {arrivals.Count:N0} emails arrived for {recipients:N0} distinct patients with {messageIds:N0} distinct Message-IDs " +
            $"({arrivals.Count - recipients:N0} duplicates); outbox {queued:N0} queued, {sent:N0} sent: {(exactlyOnce ? "OK" : "FAILED")}");

        var label = $"d. {count:N0} due at once, {workers} workers";
        return
        [
            new Figure($"{label}: all Done", allDone ? $"{doneAfter:0.00} s ({count / doneAfter:0}/s)" : $"{done.Count:N0} of {count:N0} Done",
                $"< {Target.TotalSeconds:0} s", allDone && doneAfter < Target.TotalSeconds),
            new Figure($"{label}: all emails arrived", allArrived ? $"{emailsAfter:0.00} s ({count / emailsAfter:0}/s)" : $"{recipients:N0} of {count:N0} arrived",
                $"< {Target.TotalSeconds:0} s", allArrived && emailsAfter < Target.TotalSeconds),
            new Figure($"{label}: database transactions per event", $"{transactionsPerEvent:0.00}", $"<= {MaxTransactionsPerEvent}",
                transactionsPerEvent <= MaxTransactionsPerEvent),
            new Figure($"{label}: exactly one email each", $"{arrivals.Count:N0} emails, {recipients:N0} patients, {arrivals.Count - recipients:N0} duplicates",
                $"exactly {count:N0}", exactlyOnce),
        ];
    }

    /// <summary>
    /// Not measured: events already due as they are enrolled, dispatched and emailed, so that the JIT has compiled and
    /// tiered up the dispatch, Hangfire and mail code before anything is timed, as on a site that has been running.
    /// </summary>
    public static async Task WarmUpAsync(BenchSite site, SmtpInbox inbox, IReadOnlyList<string> therapists, int count, int concurrency,
        TextWriter output, CancellationToken cancellationToken)
    {
        if (count == 0)
            return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var due = TimeProvider.System.GetUtcNow().AddSeconds(1);
        var events = await DueEvents.EnrolAsync(site, therapists, "warmup", "Warm-up", Enumerable.Repeat(due, count).ToList(), concurrency, cancellationToken);
        var deadline = due + Patience;
        while (inbox.For(events.AddressPrefix).Count < count && TimeProvider.System.GetUtcNow() < deadline)
            await Task.Delay(100, cancellationToken);
        await output.WriteLineAsync($"Warm-up (not measured): {inbox.For(events.AddressPrefix).Count:N0} of {count:N0} events enrolled, dispatched and emailed in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>When the last of the events' jobs moved from Scheduled to Enqueued, as Hangfire's own history tells.</summary>
    private static async Task<double> LastEnqueuedAsync(BenchSite site, IReadOnlyList<DueEvents.Outcome> outcomes, DateTimeOffset due)
    {
        var monitoring = site.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return await Task.Run(() => outcomes.Where(o => o.JobId is not null).Select(o => o.JobId).Distinct()
            .Select(jobId => monitoring.JobDetails(jobId)?.History.Where(h => h.StateName == EnqueuedState.StateName).Select(h => h.CreatedAt).DefaultIfEmpty().Max())
            .Where(at => at is { } value && value != default)
            .Select(at => (new DateTimeOffset(DateTime.SpecifyKind(at!.Value, DateTimeKind.Utc)) - due).TotalSeconds)
            .DefaultIfEmpty(double.NaN).Max());
    }

    private static string PerSecond(IReadOnlyCollection<DateTimeOffset> instants, DateTimeOffset due)
    {
        if (instants.Count == 0)
            return "none";
        var counts = new int[(int)Math.Max(0, (instants.Max() - due).TotalSeconds) + 1];
        foreach (var instant in instants)
            counts[(int)Math.Max(0, (instant - due).TotalSeconds)]++;
        return string.Join(" ", counts);
    }

    private static DateTimeOffset NextWholeMinute(DateTimeOffset instant)
    {
        var minute = new DateTimeOffset(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0, TimeSpan.Zero);
        return minute < instant ? minute.AddMinutes(1) : minute;
    }
}
