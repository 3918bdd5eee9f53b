using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Schedule changes racing a dispatch, and each other, with the interleaving forced: the first writer is held just
/// before its commit (<see cref="CommitGate"/>) while the second runs until it finishes or waits on a lock, then the
/// first is let go. Whatever the order, no done event is overwritten, nothing is sent after a withdrawal, and weeks
/// never swap places.
/// </summary>
public sealed class ScheduleRaceTests : ClockedScheduleTests
{
    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) =>
        site.WithServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(new CommitGate())));

    // Sessions on Tuesdays at 18:30 London time, from Tuesday 2 March 2027.
    private Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email) =>
        EnrolAsync(email, new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)));

    private Task<ScheduledEvent> OpeningAsync(Guid enrolmentId, int week) => EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, week);

    /// <summary>
    /// Runs <paramref name="first"/> until it is about to commit, then <paramref name="second"/> until it is done or
    /// waiting on a row lock, then lets the first commit; returns both results.
    /// </summary>
    private async Task<(T1 First, T2 Second)> InterleaveAsync<T1, T2>(Func<Task<T1>> first, Func<Task<T2>> second)
    {
        var (one, two, _) = await Interleaving.RunAsync(first, second, LockWaitersAsync);
        return (one, two);
    }

    private Task<int> EmailsAsync(Guid eventId) =>
        WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Key.StartsWith($"event:{eventId}:")));

    [Fact]
    public async Task APauseDuringADispatch_NeverUndoesTheOpenedWeek()
    {
        var (patient, enrolmentId) = await EnrolAsync("race-pause@example.org");
        var week1 = await OpeningAsync(enrolmentId, 1);
        Clock.SetUtcNow(week1.DueAt.AddSeconds(1));

        var (dispatched, problem) = await InterleaveAsync(() => DispatchAsync(week1.Id), () => ChangeAsync(c => c.PauseAsync(enrolmentId)));

        Assert.True(dispatched);
        Assert.Null(problem);
        var after = await OpeningAsync(enrolmentId, 1);
        Assert.Equal(ScheduledEventStatus.Done, after.Status);
        Assert.Equal("opened, patient told", after.Outcome);
        Assert.Equal(1, await EmailsAsync(week1.Id));
        Assert.True(await WithDbAsync(db => db.PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1)));
        Assert.Equal(EnrolmentStatus.Paused, (await WithDbAsync(db => db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == enrolmentId))).Status);
        // The rest waits for the resume: no jobs, nothing cancelled.
        var rest = await WithDbAsync(db => db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolmentId && e.Id != week1.Id && e.DueAt > week1.DueAt).ToListAsync());
        Assert.All(rest, e => Assert.Equal((ScheduledEventStatus.Pending, (string?)null), (e.Status, e.JobId)));
    }

    [Fact]
    public async Task ADispatchDuringAWithdrawal_SendsNothingAfterIt()
    {
        var (patient, enrolmentId) = await EnrolAsync("race-withdraw@example.org");
        var week1 = await OpeningAsync(enrolmentId, 1);
        Clock.SetUtcNow(week1.DueAt.AddSeconds(1));

        var (problem, dispatched) = await InterleaveAsync(() => ChangeAsync(c => c.WithdrawAsync(enrolmentId, "Moved to in-person care")), () => DispatchAsync(week1.Id));

        Assert.Null(problem);
        Assert.False(dispatched);
        Assert.Equal(0, await EmailsAsync(week1.Id));
        Assert.False(await WithDbAsync(db => db.PatientModules.AnyAsync(m => m.PatientId == patient.Id)));
        var after = await OpeningAsync(enrolmentId, 1);
        Assert.Equal((ScheduledEventStatus.Cancelled, "withdrawn"), (after.Status, after.Outcome));
    }

    [Fact]
    public async Task TwoMovesAtOnce_NeverPutWeek4BeforeWeek3()
    {
        var (_, enrolmentId) = await EnrolAsync("race-two-moves@example.org");
        // Week 3 is on Tuesday 16 March and week 4 on Tuesday 23 March. Each move alone is allowed; together they would swap the weeks.
        var (first, second) = await InterleaveAsync(
            () => ChangeAsync(c => c.RescheduleSessionAsync(enrolmentId, 3, new DateOnly(2027, 3, 22), new TimeOnly(18, 0))),
            () => ChangeAsync(c => c.RescheduleSessionAsync(enrolmentId, 4, new DateOnly(2027, 3, 17), new TimeOnly(18, 0))));

        Assert.Null(first);
        Assert.Equal("Week 4 must open after week 3, which opens Monday 22 March at 18:00.", second);
        var week3 = await OpeningAsync(enrolmentId, 3);
        var week4 = await OpeningAsync(enrolmentId, 4);
        Assert.True(week3.DueAt < week4.DueAt);
        Assert.Equal(new DateOnly(2027, 3, 23), week4.LocalDate);
    }
}
