using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>The daily diary reminder against real PostgreSQL, with the clock in the test's hands.</summary>
public sealed class DiaryReminderTests : IAsyncLifetime
{
    // New York's clocks go forward on Sunday 14 March 2027; 20:00 that evening is 00:00 UTC on the 15th.
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 8, 12, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<(Patient Patient, Guid EnrolmentId)> EnrolAsync(string email, TimeOnly? reminder)
    {
        var patient = await _site.CreatePatientAsync(email, "Dee Ary");
        await using var scope = _site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>()
            .StoreAsync(patient, new SessionPreferences(NewYork.Id, DayOfWeek.Wednesday, new TimeOnly(18, 0), new DateOnly(2027, 3, 8)), reminder);
        return (patient, enrolment.Id);
    }

    /// <summary>
    /// A patient in London with a 01:30 diary reminder, enrolled on 8 March 2027 to start on Thursday 1 April: reminders
    /// run from enrolment through the sessions (to 24 June) and again from four weeks before the follow-up (which opens
    /// in late October) until it closes, so both of 2027's clock changes fall on reminder days.
    /// </summary>
    private async Task<Guid> EnrolInLondonAt0130Async(string email)
    {
        var patient = await _site.CreatePatientAsync(email, "Dee Ary");
        await using var scope = _site.Services.CreateAsyncScope();
        var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>()
            .StoreAsync(patient, new SessionPreferences("Europe/London", DayOfWeek.Thursday, new TimeOnly(18, 0), new DateOnly(2027, 4, 1)), new TimeOnly(1, 30));
        return enrolment.Id;
    }

    /// <summary>
    /// Steps the clock every five minutes from <paramref name="from"/> to <paramref name="to"/>, sending due reminders at
    /// each step. Returns the step at which the reminder for <paramref name="localDate"/> was queued (null: never), how
    /// many reminders the runs said they sent (anyone's: the demo patient's too) and how many outbox rows they added. A
    /// second send of a key already queued counts in the first but not the second: the outbox's unique key drops it.
    /// </summary>
    private async Task<(DateTimeOffset? QueuedAt, int Sent, int Queued)> StepThroughTheNightAsync(Guid enrolmentId, DateTimeOffset from, DateTimeOffset to, DateOnly localDate)
    {
        var key = $"diary-reminder:{enrolmentId}:{localDate:yyyy-MM-dd}";
        DateTimeOffset? queuedAt = null;
        var sent = 0;
        var before = await AllReminderCountAsync();
        for (var step = from; step <= to; step = step.AddMinutes(5))
        {
            _clock.SetUtcNow(step);
            sent += await SendAsync();
            if (queuedAt is null && (await ReminderKeysAsync(enrolmentId)).Contains(key))
                queuedAt = step;
        }
        return (queuedAt, sent, await AllReminderCountAsync() - before);
    }

    private static DateTimeOffset NewYorkTime(int month, int day, int hour, int minute) =>
        SessionSchedule.ToInstant(new DateOnly(2027, month, day), new TimeOnly(hour, minute), NewYork);

    private async Task<int> SendAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DiaryReminders>().SendDueAsync();
    }

    private async Task<List<string>> ReminderKeysAsync(Guid enrolmentId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var prefix = $"diary-reminder:{enrolmentId}:";
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .Where(m => m.Key.StartsWith(prefix)).OrderBy(m => m.Key).Select(m => m.Key).ToListAsync();
    }

    private async Task<int> AllReminderCountAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.Key.StartsWith("diary-reminder:"));
    }

    [Fact]
    public async Task Reminder_ArrivesOnceADay_AtThePatientsOwnTime_AcrossTheClockChange()
    {
        var (_, enrolmentId) = await EnrolAsync("diary-once@example.org", new TimeOnly(20, 0));

        _clock.SetUtcNow(NewYorkTime(3, 14, 19, 59));
        await SendAsync();
        Assert.Empty(await ReminderKeysAsync(enrolmentId));
        _clock.SetUtcNow(NewYorkTime(3, 14, 20, 0));
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 0, 0, 0, TimeSpan.Zero), _clock.GetUtcNow()); // EDT, not EST
        await SendAsync();
        Assert.Single(await ReminderKeysAsync(enrolmentId));
        _clock.Advance(TimeSpan.FromHours(2));
        await SendAsync();
        Assert.Single(await ReminderKeysAsync(enrolmentId));
        _clock.SetUtcNow(NewYorkTime(3, 15, 20, 1));
        await SendAsync();

        Assert.Equal([$"diary-reminder:{enrolmentId}:2027-03-14", $"diary-reminder:{enrolmentId}:2027-03-15"], await ReminderKeysAsync(enrolmentId));
        await using var scope = _site.Services.CreateAsyncScope();
        var message = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.FirstAsync(m => m.Key.StartsWith($"diary-reminder:{enrolmentId}"));
        Assert.Equal(DiaryReminders.Subject, message.Subject);
        Assert.Contains("http://localhost:5000/patient/diary", message.Body);
        Assert.DoesNotContain("headache days", message.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Reminder_IsNotSent_WhenTodaysDiaryIsWritten_TurnedOff_OrThePatientIsPaused()
    {
        var (written, writtenEnrolment) = await EnrolAsync("diary-written@example.org", new TimeOnly(20, 0));
        var (_, offEnrolment) = await EnrolAsync("diary-off@example.org", null);
        var (_, pausedEnrolment) = await EnrolAsync("diary-paused@example.org", new TimeOnly(20, 0));
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.DiaryEntries.Add(new DiaryEntry(written.Id, new DateOnly(2027, 3, 10)));
            await db.SaveChangesAsync();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ScheduleChanges>().PauseAsync(pausedEnrolment));
        }

        _clock.SetUtcNow(NewYorkTime(3, 10, 21, 0));
        await SendAsync();

        Assert.Empty(await ReminderKeysAsync(writtenEnrolment));
        Assert.Empty(await ReminderKeysAsync(offEnrolment));
        Assert.Empty(await ReminderKeysAsync(pausedEnrolment));
    }

    [Fact]
    public async Task TwoNodesRunningAtOnce_RemindEachPatientOnce()
    {
        var enrolments = new List<Guid>();
        for (var i = 0; i < 12; i++)
            enrolments.Add((await EnrolAsync($"diary-race-{i}@example.org", new TimeOnly(20, 0))).EnrolmentId);
        _clock.SetUtcNow(NewYorkTime(3, 11, 20, 30));
        var before = await AllReminderCountAsync();

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SendAsync)));

        Assert.Equal(await AllReminderCountAsync() - before, counts.Sum()); // the runs together queued each reminder once
        foreach (var enrolmentId in enrolments)
            Assert.Single(await ReminderKeysAsync(enrolmentId));
    }

    [Fact]
    public async Task Reminders_StopAWeekAfterTheLastSession_AndComeBackForTheFourWeeksBeforeTheFollowUp()
    {
        var (_, enrolmentId) = await EnrolAsync("diary-window@example.org", new TimeOnly(20, 0));
        DateTimeOffset followUp;
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            followUp = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents
                .SingleAsync(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.FollowUpOpens)).DueAt;
        }

        // Week 12 opens Wednesday 26 May; the program ends a week later. In mid-July no reminder is due.
        _clock.SetUtcNow(NewYorkTime(7, 15, 20, 30));
        await SendAsync();
        Assert.Empty(await ReminderKeysAsync(enrolmentId));
        // Three weeks before the follow-up opens, reminders are back.
        _clock.SetUtcNow(followUp.AddDays(-21).AddHours(3));
        await SendAsync();
        Assert.Single(await ReminderKeysAsync(enrolmentId));
    }

    [Fact]
    public async Task Reminder_InTheSpringForwardGap_ComesOnceAtTheJump()
    {
        // Sunday 28 March 2027: at 01:00 UTC London goes from 01:00 GMT to 02:00 BST, so 01:30 never happens that night.
        var enrolmentId = await EnrolInLondonAt0130Async("diary-gap@example.org");
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 27, 12, 0, 0, TimeSpan.Zero));
        await SendAsync(); // Saturday's reminder (01:30 GMT passed long ago), so that only Sunday's is left to come

        var (queuedAt, sent, queued) = await StepThroughTheNightAsync(enrolmentId,
            new DateTimeOffset(2027, 3, 27, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 28, 4, 0, 0, TimeSpan.Zero), new DateOnly(2027, 3, 28));

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), queuedAt); // 02:00 BST, the first step after 00:55 GMT
        Assert.Equal(queued, sent); // no run sent a reminder already sent
        Assert.Equal([$"diary-reminder:{enrolmentId}:2027-03-27", $"diary-reminder:{enrolmentId}:2027-03-28"], await ReminderKeysAsync(enrolmentId));
    }

    [Fact]
    public async Task Reminder_InTheFallBackOverlap_ComesOnceAtTheFirstOccurrence()
    {
        // Sunday 31 October 2027: at 01:00 UTC London goes from 02:00 BST back to 01:00 GMT, so 01:30 happens twice,
        // at 00:30 UTC (BST) and at 01:30 UTC (GMT).
        var enrolmentId = await EnrolInLondonAt0130Async("diary-overlap@example.org");
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            // The night falls inside the follow-up's diary weeks (from four weeks before it opens until it closes).
            var events = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents
                .Where(e => e.EnrolmentId == enrolmentId && (e.Kind == ScheduledEventKind.FollowUpOpens || e.Kind == ScheduledEventKind.FollowUpCloses)).ToListAsync();
            var opens = events.Single(e => e.Kind == ScheduledEventKind.FollowUpOpens).DueAt;
            var closes = events.Single(e => e.Kind == ScheduledEventKind.FollowUpCloses).DueAt;
            Assert.InRange(new DateTimeOffset(2027, 10, 30, 0, 0, 0, TimeSpan.Zero), opens.AddDays(-28), closes);
            Assert.InRange(new DateTimeOffset(2027, 11, 1, 0, 0, 0, TimeSpan.Zero), opens.AddDays(-28), closes);
        }

        var (queuedAt, sent, queued) = await StepThroughTheNightAsync(enrolmentId,
            new DateTimeOffset(2027, 10, 30, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 10, 31, 4, 0, 0, TimeSpan.Zero), new DateOnly(2027, 10, 31));

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), queuedAt); // 01:30 BST, not 01:30 GMT an hour later
        Assert.Equal(queued, sent); // no run sent a reminder already sent
        // 23:00 UTC on the 30th is already 00:00 BST on the 31st, before the reminder time: nothing for the 30th.
        Assert.Equal([$"diary-reminder:{enrolmentId}:2027-10-31"], await ReminderKeysAsync(enrolmentId));
    }
}
