using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>The dispatcher, planner and sweeper against real PostgreSQL, with the clock in the test's hands.</summary>
public sealed class EventDispatcherTests : IAsyncLifetime
{
    // Monday 1 March 2027, 09:00 UTC: London is on GMT until 28 March.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email)
    {
        var patient = await _site.CreatePatientAsync(email, "Sched Uled");
        await using var scope = _site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>()
            .StoreAsync(patient, new SessionPreferences("Europe/London", DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)));
        return (patient, enrolment.Id);
    }

    private async Task<ScheduledEvent> EventAsync(Guid enrolmentId, ScheduledEventKind kind, int? week = null, int sequence = 0)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
            .SingleAsync(e => e.EnrolmentId == enrolmentId && e.Kind == kind && e.Week == week && e.Sequence == sequence);
    }

    private async Task<bool> DispatchAsync(Guid eventId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventDispatcher>().DispatchAsync(eventId);
    }

    private async Task<int> EmailsAsync(Guid eventId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var key = $"event:{eventId}:";
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.Key.StartsWith(key));
    }

    [Fact]
    public async Task Enrolment_StoresSessionsRemindersNudgesAndAFollowUp4MonthsAfterWeek12_InLocalTime()
    {
        var (_, enrolmentId) = await EnrolAsync("schedule@example.org");

        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        var week5 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 5);
        var reminder1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 1);
        var nudge1 = await EventAsync(enrolmentId, ScheduledEventKind.ModuleNudge, 1);
        var followUp = await EventAsync(enrolmentId, ScheduledEventKind.FollowUpOpens);
        var closes = await EventAsync(enrolmentId, ScheduledEventKind.FollowUpCloses);

        Assert.Equal(new DateTimeOffset(2027, 3, 2, 18, 30, 0, TimeSpan.Zero), week1.DueAt);      // GMT
        Assert.Equal(new DateTimeOffset(2027, 3, 30, 17, 30, 0, TimeSpan.Zero), week5.DueAt);     // BST: still 18:30 in London
        Assert.Equal(week1.DueAt.AddHours(-24), reminder1.DueAt);
        Assert.Equal(week1.DueAt.AddDays(3), nudge1.DueAt);
        // Week 12 opens Tue 18 May 2027; the program ends Tue 25 May; the follow-up opens Mon 25 Sep 2027 at 18:30 BST.
        Assert.Equal(new DateTimeOffset(2027, 9, 25, 17, 30, 0, TimeSpan.Zero), followUp.DueAt);
        Assert.Equal(followUp.DueAt.AddDays(14), closes.DueAt);
    }

    [Fact]
    public async Task Dispatch_SessionOpening_OpensTheModuleAndTellsThePatientOnce_EvenWhenCalledAgain()
    {
        var (patient, enrolmentId) = await EnrolAsync("opening@example.org");
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);

        var early = await DispatchAsync(week1.Id);
        _clock.SetUtcNow(week1.DueAt.AddSeconds(5));
        var first = await DispatchAsync(week1.Id);
        var second = await DispatchAsync(week1.Id);

        Assert.False(early);
        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, await EmailsAsync(week1.Id));
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1));
        Assert.Equal(1, await db.Notices.CountAsync(n => n.Key == $"event:{week1.Id}:patient"));
        var done = await db.ScheduledEvents.SingleAsync(e => e.Id == week1.Id);
        Assert.Equal(ScheduledEventStatus.Done, done.Status);
        var email = await db.OutboxMessages.SingleAsync(m => m.Key.StartsWith($"event:{week1.Id}:"));
        Assert.DoesNotContain("headache", email.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("depress", email.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dispatch_TheSameEventTwiceAtOnce_SendsOneEmail()
    {
        var (_, enrolmentId) = await EnrolAsync("twice-at-once@example.org");
        var reminder = await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 2);
        _clock.SetUtcNow(reminder.DueAt);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DispatchAsync(reminder.Id)));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, await EmailsAsync(reminder.Id));
    }

    [Fact]
    public async Task Nudge_IsSentOnlyWhenTheWeekIsNotCompleted()
    {
        var (patient, enrolmentId) = await EnrolAsync("nudge@example.org");
        var nudge1 = await EventAsync(enrolmentId, ScheduledEventKind.ModuleNudge, 1);
        var nudge2 = await EventAsync(enrolmentId, ScheduledEventKind.ModuleNudge, 2);
        _clock.SetUtcNow(nudge2.DueAt);
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var module = await scope.ServiceProvider.GetRequiredService<ModuleOpening>().OpenAsync(patient.Id, 2);
            module.Complete(_clock.GetUtcNow());
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        await DispatchAsync(nudge1.Id);
        await DispatchAsync(nudge2.Id);

        Assert.Equal(0, await EmailsAsync(nudge1.Id)); // week 2 has opened: too late to nudge about week 1
        Assert.Equal(0, await EmailsAsync(nudge2.Id)); // completed: no nudge
        Assert.Equal("dropped: the next week has opened", (await EventAsync(enrolmentId, ScheduledEventKind.ModuleNudge, 1)).Outcome);
        Assert.Equal("dropped: module already completed", (await EventAsync(enrolmentId, ScheduledEventKind.ModuleNudge, 2)).Outcome);
    }

    [Fact]
    public async Task Planner_GivesJobsOnlyToEventsInsideTheHorizon_AndTheSweeperDispatchesOverdueOnes()
    {
        var (_, enrolmentId) = await EnrolAsync("planner@example.org");

        var reminder1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 1);
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        var week2 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 2);
        Assert.Equal(ScheduledEventStatus.Planned, week1.Status);    // 33.5 hours away: planned at enrolment
        Assert.NotNull(week1.JobId);
        Assert.Equal(ScheduledEventStatus.Pending, week2.Status);    // a week away: no job yet

        _clock.SetUtcNow(week1.DueAt.AddMinutes(5));
        await using var scope = _site.Services.CreateAsyncScope();
        var swept = await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
        _clock.SetUtcNow(week2.DueAt.AddHours(-47));
        var planned = await scope.ServiceProvider.GetRequiredService<EventPlanner>().PlanAsync();

        Assert.True(swept >= 2); // at least this patient's reminder and opening, whose jobs never ran (no job server here)
        Assert.Equal(ScheduledEventStatus.Done, (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).Status);
        Assert.Equal(ScheduledEventStatus.Done, (await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 1)).Status);
        Assert.True(planned >= 2);
        var week2Now = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 2);
        Assert.Equal(ScheduledEventStatus.Planned, week2Now.Status);
        Assert.NotNull(week2Now.JobId);
        Assert.Equal(reminder1.DueAt, week1.DueAt.AddHours(-24));
        var hangfireJobs = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database
            .SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM hangfire.job").SingleAsync();
        Assert.True(hangfireJobs >= 2);
    }

    [Fact]
    public async Task TwoMissedSessionsInARow_TellTheTherapistOnce()
    {
        var (patient, enrolmentId) = await EnrolAsync("missed-sessions@example.org");
        var openings = new List<ScheduledEvent>();
        for (var week = 1; week <= 4; week++)
        {
            var opening = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, week);
            _clock.SetUtcNow(opening.DueAt.AddMinutes(1));
            await DispatchAsync(opening.Id);
            openings.Add(opening);
        }

        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = openings.Select(o => $"event:{o.Id}:therapist:email").ToList();
        var emails = await db.OutboxMessages.Where(m => keys.Contains(m.Key)).ToListAsync();
        var email = Assert.Single(emails); // at week 3 (weeks 1 and 2 missed); not again at week 4
        Assert.Equal(keys[2], email.Key);
        Assert.Equal("therapist@example.org", email.To);
        Assert.Contains($"/therapist/patients/{patient.Id}", email.Body);
        Assert.DoesNotContain("Sched Uled", email.Body);
        Assert.EndsWith("therapist told of missed sessions", (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 3)).Outcome);
    }

    private async Task<T> ChangesAsync<T>(Func<ScheduleChanges, Task<T>> change)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<ScheduleChanges>());
    }

    private static DateTimeOffset London(int year, int month, int day, int hour, int minute) =>
        SessionSchedule.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

    [Fact]
    public async Task Reschedule_MovesTheSessionItsReminderAndNudge_AndReplacesItsJob()
    {
        var (_, enrolmentId) = await EnrolAsync("reschedule@example.org");
        var week1Before = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);

        var problem = await ChangesAsync(c => c.RescheduleSessionAsync(enrolmentId, 1, new DateOnly(2027, 3, 3), new TimeOnly(8, 15)));

        Assert.Null(problem);
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        Assert.Equal(London(2027, 3, 3, 8, 15), week1.DueAt); // inside the 48-hour horizon, so planned again at once
        Assert.Equal(ScheduledEventStatus.Planned, week1.Status);
        Assert.NotEqual(week1Before.JobId, week1.JobId);
        Assert.Equal(week1.DueAt.AddDays(3), (await EventAsync(enrolmentId, ScheduledEventKind.ModuleNudge, 1)).DueAt);
        Assert.Equal(week1.DueAt.AddHours(-24), (await EventAsync(enrolmentId, ScheduledEventKind.SessionReminder, 1)).DueAt);
        await using var scope = _site.Services.CreateAsyncScope();
        var oldState = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database
            .SqlQuery<string>($"SELECT statename AS \"Value\" FROM hangfire.job WHERE id = {long.Parse(week1Before.JobId!, System.Globalization.CultureInfo.InvariantCulture)}").SingleAsync();
        Assert.Equal("Deleted", oldState);
    }

    [Fact]
    public async Task Reschedule_TheLastWeek_MovesTheFollowUpWithTheProgramsEnd()
    {
        var (_, enrolmentId) = await EnrolAsync("reschedule-last@example.org");
        Assert.Equal(London(2027, 5, 18, 18, 30), (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 12)).DueAt);

        var problem = await ChangesAsync(c => c.RescheduleSessionAsync(enrolmentId, 12, new DateOnly(2027, 5, 20), new TimeOnly(19, 0)));

        Assert.Null(problem);
        // The program now ends on 27 May, so the follow-up opens four calendar months later at the new session time.
        var opens = (await EventAsync(enrolmentId, ScheduledEventKind.FollowUpOpens)).DueAt;
        Assert.Equal(London(2027, 9, 27, 19, 0), opens);
        Assert.Equal(London(2027, 10, 11, 19, 0), (await EventAsync(enrolmentId, ScheduledEventKind.FollowUpCloses)).DueAt);
        Assert.Equal(opens.AddDays(3), (await EventAsync(enrolmentId, ScheduledEventKind.FollowUpReminder, sequence: 1)).DueAt);
        Assert.Equal(opens.AddDays(7), (await EventAsync(enrolmentId, ScheduledEventKind.FollowUpReminder, sequence: 2)).DueAt);
    }

    [Fact]
    public async Task Reschedule_AWeekThatHasOpened_OrIntoThePast_IsRefused()
    {
        var (_, enrolmentId) = await EnrolAsync("reschedule-refused@example.org");
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        _clock.SetUtcNow(week1.DueAt.AddMinutes(1));
        await DispatchAsync(week1.Id);

        var opened = await ChangesAsync(c => c.RescheduleSessionAsync(enrolmentId, 1, new DateOnly(2027, 3, 10), new TimeOnly(9, 0)));
        var past = await ChangesAsync(c => c.RescheduleSessionAsync(enrolmentId, 2, new DateOnly(2027, 3, 1), new TimeOnly(9, 0)));

        Assert.Equal("Week 1 has already opened, so it cannot move.", opened);
        Assert.Equal("Choose a time in the future.", past);
    }

    [Fact]
    public async Task PauseThenResume_MovesTheRestOfTheScheduleByWholeWeeks_AtTheSameLocalTimeAcrossDst()
    {
        var (_, enrolmentId) = await EnrolAsync("pause@example.org");
        Assert.Null(await ChangesAsync(c => c.PauseAsync(enrolmentId)));
        _clock.Advance(TimeSpan.FromDays(10));

        var (weeks, problem) = await ChangesAsync(c => c.ResumeAsync(enrolmentId));

        Assert.Null(problem);
        Assert.Equal(2, weeks);
        // Week 1 was Tue 2 March 18:30 GMT; two weeks on it is Tue 16 March; week 4 moves across the clock change to 6 April, 18:30 BST.
        Assert.Equal(London(2027, 3, 16, 18, 30), (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).DueAt);
        Assert.Equal(London(2027, 4, 6, 18, 30), (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 4)).DueAt);
        Assert.Equal(new DateTimeOffset(2027, 4, 6, 17, 30, 0, TimeSpan.Zero), (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 4)).DueAt);
    }

    [Fact]
    public async Task Withdraw_CancelsEveryFutureEvent_AndNothingRunsAfterwards()
    {
        var (patient, enrolmentId) = await EnrolAsync("withdraw@example.org");
        var week1 = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);

        Assert.Null(await ChangesAsync(c => c.WithdrawAsync(enrolmentId, "Moved away")));
        _clock.SetUtcNow(week1.DueAt.AddMinutes(1));
        var ran = await DispatchAsync(week1.Id);

        Assert.False(ran);
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.All(await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId).ToListAsync(), e => Assert.Equal(ScheduledEventStatus.Cancelled, e.Status));
        Assert.False(await db.PatientModules.AnyAsync(m => m.PatientId == patient.Id));
    }
}
