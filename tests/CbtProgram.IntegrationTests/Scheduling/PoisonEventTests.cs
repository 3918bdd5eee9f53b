using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// One event that cannot run (a week with no published module) among a hundred due ones: the sweeper runs the other 99,
/// records the error on the poison one's row, and after five failed attempts leaves it Failed for an admin.
/// </summary>
public sealed class PoisonEventTests : ClockedScheduleTests
{
    [Fact]
    public async Task APoisonEventAmong100_IsRecordedAndPassedOver_AndTheOthersRun()
    {
        var enrolments = new List<Guid>();
        for (var i = 0; i < 50; i++)
            enrolments.Add((await EnrolAsync($"poison-{i}@example.org", new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)))).EnrolmentId);
        // Week 13 has no module: opening it throws. It is due first, so a sweep in due order meets it before the rest.
        var poison = new ScheduledEvent(enrolments[0], ScheduledEventKind.SessionOpens, 13, new LocalMoment(new DateOnly(2027, 3, 1), new TimeOnly(8, 0)), London);
        await WithDbAsync(async db => { db.ScheduledEvents.Add(poison); return await db.SaveChangesAsync(); });
        Clock.SetUtcNow(At(London, 2027, 3, 2, 18, 35)); // every week-1 reminder and opening is overdue

        var dispatched = await SweepAsync();

        Assert.Equal(100, dispatched); // 50 reminders and 50 openings
        var due = await WithDbAsync(db => db.ScheduledEvents.AsNoTracking()
            .Where(e => enrolments.Contains(e.EnrolmentId) && e.DueAt <= At(London, 2027, 3, 2, 18, 35) && e.Id != poison.Id).ToListAsync());
        Assert.Equal(100, due.Count);
        Assert.All(due, e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
        var failed = await EventByIdAsync(poison.Id);
        Assert.Equal((1, ScheduledEventStatus.Pending, Clock.GetUtcNow().AddMinutes(1)), (failed.Attempts, failed.Status, failed.NextAttemptAt));
        Assert.Contains("Week 13 has no published module.", failed.LastError);

        // Not tried again before its next attempt's time, then 1, 2, 4 and 8 minutes apart.
        Clock.Advance(TimeSpan.FromSeconds(30));
        await SweepAsync();
        Assert.Equal(1, (await EventByIdAsync(poison.Id)).Attempts);
        var triedAt = new List<DateTimeOffset>();
        while ((await EventByIdAsync(poison.Id)).Status != ScheduledEventStatus.Failed && triedAt.Count < 10)
        {
            Clock.Advance(TimeSpan.FromSeconds(30));
            var before = (await EventByIdAsync(poison.Id)).Attempts;
            await SweepAsync();
            if ((await EventByIdAsync(poison.Id)).Attempts > before)
                triedAt.Add(Clock.GetUtcNow());
        }
        Assert.Equal([2.0, 4.0, 8.0], triedAt.Zip(triedAt.Skip(1), (a, b) => (b - a).TotalMinutes));
        failed = await EventByIdAsync(poison.Id);
        Assert.Equal((EventDispatcher.MaxAttempts, ScheduledEventStatus.Failed), (failed.Attempts, failed.Status)); // not retried after the fifth

        var admin = await Site.SignedInAsAsync("admin@example.org");
        var page = await admin.GetStringAsync($"/admin/schedules/{enrolments[0]}");
        Assert.Contains("Failed 5 times: InvalidOperationException: Week 13 has no published module.", page);
        Assert.Contains($"/admin/schedules/{enrolments[0]}/events/{poison.Id}/run", page);
    }

    private Task<ScheduledEvent> EventByIdAsync(Guid id) => WithDbAsync(db => db.ScheduledEvents.AsNoTracking().SingleAsync(e => e.Id == id));

    private async Task<int> SweepAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
    }
}
