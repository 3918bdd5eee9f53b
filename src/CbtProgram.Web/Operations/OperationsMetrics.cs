using System.Diagnostics.Metrics;

namespace CbtProgram.Web.Operations;

/// <summary>
/// The site's own metrics (meter <c>CbtProgram</c>, exported as Prometheus text at <c>/metrics</c>): how late events run
/// and how often the sweeper had to step in, measured as they happen, and gauges of lateness, backlog and failures read
/// from <see cref="OperationsStatus"/> through a short cache. The meter carries this host's <see cref="MetricsScope"/>, so
/// two sites in one process (tests) never see each other's numbers.
/// </summary>
public sealed class OperationsMetrics : IDisposable
{
    public const string MeterName = "CbtProgram";

    private readonly Histogram<double> _dispatchLag;
    private readonly Counter<long> _sweeperRepairs;

    private readonly Meter _meter;

    public OperationsMetrics(MetricsScope scope, OperationsSnapshot snapshot)
    {
        var meter = _meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        _dispatchLag = meter.CreateHistogram<double>("cbt.events.dispatch_lag", "s",
            "How long after its due time a scheduled event was completed",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400] });
        _sweeperRepairs = meter.CreateCounter<long>("cbt.events.sweeper_repairs", "{event}",
            "Overdue events the sweeper dispatched because their own job had not");
        meter.CreateObservableGauge("cbt.events.overdue", () => snapshot.Current().OverdueEvents, "{event}",
            "Events still waiting though due longer ago than the sweeper's grace, in running programs");
        meter.CreateObservableGauge("cbt.events.overdue_oldest_age", () => Seconds(snapshot.Current().OldestOverdueAge), "s",
            "How late the oldest overdue event is (0 when none)");
        meter.CreateObservableGauge("cbt.events.failed", () => snapshot.Current().FailedEvents, "{event}",
            "Events that failed for good and wait for an admin");
        meter.CreateObservableGauge("cbt.mail.backlog", () => snapshot.Current().MailBacklog, "{message}",
            "Email not sent yet and not given up on");
        meter.CreateObservableGauge("cbt.mail.backlog_oldest_age", () => Seconds(snapshot.Current().OldestUnsentAge), "s",
            "How long the oldest unsent email has waited (0 when none)");
        meter.CreateObservableGauge("cbt.mail.delayed", () => snapshot.Current().DelayedMail, "{message}",
            "Unsent email that has failed at least once");
        meter.CreateObservableGauge("cbt.mail.dead_letters", () => snapshot.Current().DeadLetters, "{message}",
            "Email given up on, waiting for an admin to requeue it");
        meter.CreateObservableGauge("cbt.jobs.servers_alive", () => snapshot.Current().JobServers.Alive, "{server}",
            "Hangfire servers with a recent heartbeat");
        meter.CreateObservableGauge("cbt.audit.unsealed", () => snapshot.Current().UnsealedAuditEntries, "{entry}",
            "Audit entries not yet sealed into the hash chain");
        meter.CreateObservableGauge("cbt.audit.unsealed_oldest_age", () => Seconds(snapshot.Current().OldestUnsealedAuditAge), "s",
            "How long the oldest audit entry not yet sealed has waited (0 when none)");
    }

    /// <summary>The dispatcher completed an event: its lag, from due to done.</summary>
    public void EventDispatched(DateTimeOffset dueAt, DateTimeOffset completedAt) =>
        _dispatchLag.Record(Math.Max(0, (completedAt - dueAt).TotalSeconds));

    /// <summary>The sweeper dispatched overdue events itself (this many, in one sweep).</summary>
    public void SweeperRepaired(int events)
    {
        if (events > 0)
            _sweeperRepairs.Add(events);
    }

    public void Dispose() => _meter.Dispose();

    private static double Seconds(TimeSpan? age) => age?.TotalSeconds ?? 0;
}
