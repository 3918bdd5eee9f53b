using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Applies time-zone rule changes. Countries change their clocks' rules from time to time and the operating system's tz
/// database is updated with them; every event still to come keeps the local date and time the patient chose, so this
/// check re-reads those with the rules in force now and moves the events whose instant has changed (each enrolment as
/// one writer, through <see cref="ScheduleChanges.RecomputeAsync"/>). It runs daily, and on demand with
/// <c>dotnet run --project src/CbtProgram.Web -- schedule recompute</c>. The running programs are read through their
/// partial index (<see cref="ZoneRulesIndex"/>), so finished ones cost nothing however many there are.
/// </summary>
public sealed class ZoneRulesCheck(AppDbContext db, ScheduleChanges changes)
{
    public sealed record Result(int EventsRead, int Enrolments, int EventsMoved);

    public async Task<Result> ApplyAsync(CancellationToken cancellationToken = default)
    {
        // .NET keeps the zones it has read; forget them so an updated tz database is read afresh, without a restart.
        SessionSchedule.ForgetZones();
        var upcoming = await db.ScheduledEvents.AsNoTracking()
            .Where(e => (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned)
                && db.Enrolments.Any(en => en.Id == e.EnrolmentId && (en.Status == EnrolmentStatus.Active || en.Status == EnrolmentStatus.Paused)))
            .Select(e => new { e.EnrolmentId, e.LocalDate, e.LocalTime, e.TimeZoneId, e.DueAt })
            .ToListAsync(cancellationToken);
        var zones = new Dictionary<string, TimeZoneInfo?>();
        TimeZoneInfo? ZoneOf(string id)
        {
            if (!zones.TryGetValue(id, out var zone))
                zones[id] = zone = PatientTimeZones.IsAccepted(id) ? PatientTimeZones.Find(id) : null;
            return zone;
        }
        var changed = upcoming
            .Where(e => ZoneOf(e.TimeZoneId) is { } zone && new LocalMoment(e.LocalDate, e.LocalTime).ToInstant(zone) != e.DueAt)
            .Select(e => e.EnrolmentId).Distinct().ToList();
        var moved = 0;
        foreach (var enrolmentId in changed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            moved += await changes.RecomputeAsync(enrolmentId);
        }
        return new Result(upcoming.Count, changed.Count, moved);
    }
}

/// <summary><c>dotnet run --project src/CbtProgram.Web -- schedule recompute</c>: applies zone rule changes now and says what moved.</summary>
public static class RecomputeCommand
{
    public static bool Matches(string[] args) => args is ["schedule", "recompute", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ZoneRulesCheck>().ApplyAsync();
        await output.WriteLineAsync($"Read {result.EventsRead:N0} events still to come; {result.EventsMoved:N0} of {result.Enrolments:N0} patients' events moved to the zone rules in force now.");
        return 0;
    }
}
