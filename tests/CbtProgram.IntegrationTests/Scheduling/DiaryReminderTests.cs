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
}
