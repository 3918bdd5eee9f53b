using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using CbtProgram.Web.Scheduling.Batches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Events due in the same second share one Hangfire job, which runs them in batches (<see cref="DueInstantDispatch"/>),
/// ten enrolments a batch here: each event once with one email, schedule changes racing a batch (forced with
/// <see cref="CommitGate"/>), a poison event among them, and two workers on one instant.
/// </summary>
public sealed class DispatchBatchTests : ClockedScheduleTests
{
    private const int BatchSize = 10;

    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) => site
        .WithSetting("Scheduling:DispatchBatchSize", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Scheduling:DispatchHelpers", "0")
        .WithServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(new CommitGate())));

    // Everyone's week 1 opens on Tuesday 2 March 2027 at 18:30 London time (GMT), inside the planning horizon.
    private static readonly DateTimeOffset Week1Opens = new(2027, 3, 2, 18, 30, 0, TimeSpan.Zero);

    private async Task<List<(Patient Patient, Guid EnrolmentId, Guid Week1)>> EnrolManyAsync(string prefix, int count)
    {
        var enrolled = new List<(Patient, Guid, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var (patient, enrolmentId) = await EnrolAsync($"{prefix}-{i}@example.org",
                new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)));
            enrolled.Add((patient, enrolmentId, (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).Id));
        }
        return enrolled;
    }

    private async Task<int> RunInstantAsync(DateTimeOffset instant, bool helper = false)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DueInstantDispatch>().RunAsync(instant, helper);
    }

    private Task<List<ScheduledEvent>> EventsByIdAsync(IReadOnlyCollection<Guid> ids) =>
        WithDbAsync(db => db.ScheduledEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync());

    /// <summary>The patient emails queued for these events (keys <c>event:{id}:patient:email</c>), with their recipients.</summary>
    private Task<List<string>> EmailsToAsync(IEnumerable<Guid> eventIds)
    {
        var keys = eventIds.Select(id => $"event:{id}:patient:email").ToList();
        return WithDbAsync(db => db.OutboxMessages.Where(m => keys.Contains(m.Key)).Select(m => m.To).ToListAsync());
    }

    [Fact]
    public async Task ThirtyOpeningsDueInOneSecond_ShareOneJob_AndEachRunsOnceWithOneEmail()
    {
        var enrolled = await EnrolManyAsync("batch", 30);
        var week1 = enrolled.Select(e => e.Week1).ToList();
        var planned = await EventsByIdAsync(week1);
        Assert.All(planned, e => Assert.Equal(ScheduledEventStatus.Planned, e.Status));
        Assert.Single(planned.Select(e => e.JobId).Distinct()); // one Hangfire job for the second, not one per event
        Clock.SetUtcNow(Week1Opens.AddSeconds(1));

        Assert.Equal(30, await RunInstantAsync(Week1Opens));
        Assert.Equal(0, await RunInstantAsync(Week1Opens)); // a second job for the same second finds nothing left
        Assert.False(await DispatchAsync(week1[0])); // nor does a stray job for one of them

        var done = await EventsByIdAsync(week1);
        Assert.All(done, e => Assert.Equal((ScheduledEventStatus.Done, "opened, patient told", 1), (e.Status, e.Outcome, e.Attempts)));
        var emails = await EmailsToAsync(week1);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"batch-{i}@example.org").Order(), emails.Order());
        var patients = enrolled.Select(e => e.Patient.Id).ToList();
        var userIds = enrolled.Select(e => e.Patient.UserId).ToList();
        Assert.Equal(30, await WithDbAsync(db => db.PatientModules.CountAsync(m => patients.Contains(m.PatientId) && m.Week == 1)));
        Assert.Equal(30, await WithDbAsync(db => db.Notices.CountAsync(n => userIds.Contains(n.UserId) && n.Text == "Week 1 is ready")));
        // Only that second's events ran: week 2 waits, unplanned, beyond the horizon.
        var week2 = await EventAsync(enrolled[0].EnrolmentId, ScheduledEventKind.SessionOpens, 2);
        Assert.Equal(ScheduledEventStatus.Pending, week2.Status);
    }

    [Fact]
    public async Task APauseHeldWhileABatchRuns_TheOthersRun_AndThePausedPatientGetsNothing()
    {
        var enrolled = await EnrolManyAsync("batch-pause", 12);
        var paused = enrolled[0];
        Clock.SetUtcNow(Week1Opens.AddSeconds(1));

        var (problem, ran, _) = await Interleaving.RunAsync(() => ChangeAsync(c => c.PauseAsync(paused.EnrolmentId)), () => RunInstantAsync(Week1Opens), LockWaitersAsync);

        Assert.Null(problem);
        Assert.Equal(11, ran);
        var pausedWeek1 = (await EventsByIdAsync([paused.Week1])).Single();
        Assert.Equal((ScheduledEventStatus.Pending, (string?)null), (pausedWeek1.Status, pausedWeek1.JobId)); // waits for the resume
        Assert.Empty(await EmailsToAsync([paused.Week1]));
        Assert.False(await WithDbAsync(db => db.PatientModules.AnyAsync(m => m.PatientId == paused.Patient.Id)));
        var others = enrolled.Skip(1).Select(e => e.Week1).ToList();
        Assert.All(await EventsByIdAsync(others), e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
        Assert.Equal(11, (await EmailsToAsync(others)).Distinct().Count());
    }

    [Fact]
    public async Task AWithdrawalWhileABatchHoldsItsPatient_WaitsAndNeverUndoesTheDoneOpening()
    {
        var enrolled = await EnrolManyAsync("batch-withdraw", 5);
        var withdrawn = enrolled[0];
        Clock.SetUtcNow(Week1Opens.AddSeconds(1));

        var (ran, problem, withdrawalFinishedFirst) = await Interleaving.RunAsync(() => RunInstantAsync(Week1Opens),
            () => ChangeAsync(c => c.WithdrawAsync(withdrawn.EnrolmentId, "Moved to in-person care")), LockWaitersAsync);

        Assert.False(withdrawalFinishedFirst); // it waited for the batch's lock on the enrolment
        Assert.Equal(5, ran);
        Assert.Null(problem);
        var events = await EventsAsync(withdrawn.EnrolmentId);
        Assert.Equal((ScheduledEventStatus.Done, "opened, patient told"), events.Where(e => e.Id == withdrawn.Week1).Select(e => (e.Status, e.Outcome)).Single());
        Assert.Single(await EmailsToAsync([withdrawn.Week1]));
        Assert.All(events.Where(e => e.DueAt > Week1Opens), e => Assert.Equal((ScheduledEventStatus.Cancelled, "withdrawn"), (e.Status, e.Outcome)));
    }

    [Fact]
    public async Task APoisonEventInABatch_IsRecordedOnItsRow_AndTheOthersRun()
    {
        var enrolled = await EnrolManyAsync("batch-poison", 8);
        // Week 13 has no module, so opening it throws; it is due in the same second as everyone's week 1.
        var poison = new ScheduledEvent(enrolled[3].EnrolmentId, ScheduledEventKind.SessionOpens, 13, new LocalMoment(new DateOnly(2027, 3, 2), new TimeOnly(18, 30)), London);
        await WithDbAsync(async db => { db.ScheduledEvents.Add(poison); return await db.SaveChangesAsync(); });
        await using (var scope = Site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EventPlanner>().PlanAsync();
        Assert.Equal(ScheduledEventStatus.Planned, (await EventsByIdAsync([poison.Id])).Single().Status);
        Clock.SetUtcNow(Week1Opens.AddSeconds(1));

        // A deadline: a run that kept re-claiming an event whose failure went unrecorded would never end.
        Assert.Equal(8, await RunInstantAsync(Week1Opens).WaitAsync(TimeSpan.FromSeconds(60)));

        var week1 = enrolled.Select(e => e.Week1).ToList();
        Assert.All(await EventsByIdAsync(week1), e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
        Assert.Equal(8, (await EmailsToAsync(week1)).Distinct().Count());
        var failed = (await EventsByIdAsync([poison.Id])).Single();
        Assert.Equal((1, ScheduledEventStatus.Planned, Clock.GetUtcNow().AddMinutes(1)), (failed.Attempts, failed.Status, failed.NextAttemptAt));
        Assert.Contains("Week 13 has no published module.", failed.LastError);
        Assert.Equal(0, await RunInstantAsync(Week1Opens)); // the poison waits for its next attempt (the sweeper's)
    }

    [Fact]
    public async Task TwoWorkersOnOneSecond_ShareItsEventsWithoutWaiting_AndNeverSendTwice()
    {
        var enrolled = await EnrolManyAsync("batch-two", 2 * BatchSize);
        Clock.SetUtcNow(Week1Opens.AddSeconds(1));

        // The first worker holds its first batch's locks (about to commit) while a second worker runs the same second.
        var (first, second, secondFinishedFirst) = await Interleaving.RunAsync(() => RunInstantAsync(Week1Opens), () => RunInstantAsync(Week1Opens, helper: true), LockWaitersAsync);

        Assert.True(secondFinishedFirst, "the second worker waited behind the first one's batch instead of taking the other events");
        Assert.Equal((BatchSize, BatchSize), (first, second));
        var week1 = enrolled.Select(e => e.Week1).ToList();
        Assert.All(await EventsByIdAsync(week1), e => Assert.Equal((ScheduledEventStatus.Done, 1), (e.Status, e.Attempts)));
        var emails = await EmailsToAsync(week1);
        Assert.Equal(2 * BatchSize, emails.Count);
        Assert.Equal(2 * BatchSize, emails.Distinct().Count());
    }

    [Fact]
    public async Task PausingOnePatient_LeavesTheJobTheOthersShare()
    {
        var enrolled = await EnrolManyAsync("batch-keep-job", 3);
        var jobId = (await EventsByIdAsync([enrolled[0].Week1])).Single().JobId!;

        Assert.Null(await ChangeAsync(c => c.PauseAsync(enrolled[0].EnrolmentId)));
        Assert.Equal("Scheduled", await JobStateAsync(jobId));

        Assert.Null(await ChangeAsync(c => c.PauseAsync(enrolled[1].EnrolmentId)));
        Assert.Null(await ChangeAsync(c => c.PauseAsync(enrolled[2].EnrolmentId)));
        Assert.Equal("Deleted", await JobStateAsync(jobId)); // nobody is left waiting for it
    }

    private Task<string> JobStateAsync(string jobId) => WithDbAsync(db => db.Database
        .SqlQuery<string>($"SELECT statename AS \"Value\" FROM hangfire.job WHERE id = {long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture)}").SingleAsync());
}
