using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// Patients whose week 1 opens at given instants in the near future, enrolled through Onboarding (which plans an
/// event inside the horizon at once); then what became of their SessionOpens events and emails.
/// </summary>
public sealed class DueEvents
{
    private readonly Dictionary<Guid, string> _emailByEnrolment;

    private DueEvents(string key, IReadOnlyList<Guid> eventIds, Dictionary<Guid, string> emailByEnrolment, DateTimeOffset enrolledAt)
    {
        Key = key;
        EventIds = eventIds;
        _emailByEnrolment = emailByEnrolment;
        EnrolledAt = enrolledAt;
    }

    public string Key { get; }
    public IReadOnlyList<Guid> EventIds { get; }
    /// <summary>When the last enrolment was stored (its event planned): it must come before the first due instant.</summary>
    public DateTimeOffset EnrolledAt { get; }
    public string AddressPrefix => $"bench-{Key}-";

    public static async Task<DueEvents> EnrolAsync(BenchSite site, IReadOnlyList<string> therapists, string key, string label,
        IReadOnlyList<DateTimeOffset> dueAt, int concurrency, CancellationToken cancellationToken)
    {
        var patients = await new BenchPeople(site.Services).AddPatientsAsync(key, label, 1, dueAt.Count, therapists, cancellationToken);
        var choices = patients.Select((p, i) => (p, ScheduleMix.OpeningAt(dueAt[i], ScheduleMix.Zones[i % ScheduleMix.Zones.Count]))).ToList();
        var enrolments = await Enrolling.EnrolAsync(site, choices, concurrency, cancellationToken);
        var enrolledAt = TimeProvider.System.GetUtcNow();
        var emails = enrolments.Select((e, i) => (e.Id, BenchPeople.Email(key, i + 1))).ToDictionary(x => x.Id, x => x.Item2);
        var ids = await site.InScopeAsync(services =>
        {
            var enrolmentIds = emails.Keys.ToList();
            return services.GetRequiredService<AppDbContext>().ScheduledEvents
                .Where(e => enrolmentIds.Contains(e.EnrolmentId) && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1)
                .Select(e => e.Id).ToListAsync(cancellationToken);
        });
        return new DueEvents(key, ids, emails, enrolledAt);
    }

    public sealed record Outcome(string Email, Guid EventId, DateTimeOffset DueAt, ScheduledEventStatus Status, DateTimeOffset? CompletedAt, string? JobId);

    public async Task<IReadOnlyList<Outcome>> OutcomesAsync(BenchSite site, CancellationToken cancellationToken)
    {
        var ids = EventIds.ToList();
        var rows = await site.InScopeAsync(services => services.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
            .Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken));
        return rows.Select(e => new Outcome(_emailByEnrolment[e.EnrolmentId], e.Id, e.DueAt, e.Status, e.CompletedAt, e.JobId)).ToList();
    }

    public async Task<int> DoneCountAsync(BenchSite site, CancellationToken cancellationToken)
    {
        var ids = EventIds.ToList();
        return await site.InScopeAsync(services => services.GetRequiredService<AppDbContext>().ScheduledEvents
            .CountAsync(e => ids.Contains(e.Id) && e.Status == ScheduledEventStatus.Done, cancellationToken));
    }

    /// <summary>The outbox rows queued for these patients (nothing else is due for them), and how many were sent.</summary>
    public async Task<(int Queued, int Sent)> OutboxAsync(BenchSite site, CancellationToken cancellationToken)
    {
        var prefix = AddressPrefix;
        return await site.InScopeAsync(async services =>
        {
            var messages = services.GetRequiredService<AppDbContext>().OutboxMessages.Where(m => m.To.StartsWith(prefix));
            return (await messages.CountAsync(cancellationToken), await messages.CountAsync(m => m.SentAt != null, cancellationToken));
        });
    }
}
