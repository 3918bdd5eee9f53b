using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// The site on real PostgreSQL with its clock in the test's hands and no job server, for tests that drive the schedule
/// themselves: enrol, read rows, dispatch and change the schedule, each in a scope of its own as a request or job would.
/// </summary>
public abstract class ClockedScheduleTests : IAsyncLifetime
{
    protected static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Monday 1 March 2027, 09:00 UTC. UK clocks go forward on Sunday 28 March 2027 (01:00 GMT becomes 02:00 BST).
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected CbtWebApplicationFactory Site { get; } = new();

    /// <summary>More settings or services for this class's site.</summary>
    protected virtual CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) => site;

    public virtual Task InitializeAsync() => Configure(Site.WithSetting("Jobs:RunServer", "false").WithClock(Clock)).InitializeAsync();

    public virtual async Task DisposeAsync() => await Site.DisposeAsync();

    protected async Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email, SessionPreferences preferences, TimeOnly? diaryReminder = null)
    {
        var patient = await Site.CreatePatientAsync(email, "Skye Jewell");
        await using var scope = Site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patient, preferences, diaryReminder);
        return (patient, enrolment.Id);
    }

    protected async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected Task<ScheduledEvent> EventAsync(Guid enrolmentId, ScheduledEventKind kind, int? week = null, int sequence = 0) =>
        WithDbAsync(db => db.ScheduledEvents.AsNoTracking().SingleAsync(e => e.EnrolmentId == enrolmentId && e.Kind == kind && e.Week == week && e.Sequence == sequence));

    protected Task<List<ScheduledEvent>> EventsAsync(Guid enrolmentId) =>
        WithDbAsync(db => db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolmentId).OrderBy(e => e.DueAt).ToListAsync());

    protected async Task<bool> DispatchAsync(Guid eventId)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventDispatcher>().DispatchAsync(eventId);
    }

    protected async Task<T> ChangeAsync<T>(Func<ScheduleChanges, Task<T>> change)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<ScheduleChanges>());
    }

    /// <summary>How many of this database's backends wait on a lock now (see <see cref="Interleaving"/>).</summary>
    protected Task<int> LockWaitersAsync() => WithDbAsync(db => db.Database.SqlQueryRaw<int>(
        "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync());

    protected static DateTimeOffset At(TimeZoneInfo zone, int year, int month, int day, int hour, int minute) =>
        SessionSchedule.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), zone);
}
