using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.FlatDailyJobs;

/// <summary>
/// The zone-rules check reads only running programs through a partial index (issue 18); which programs it re-checks
/// must not change: an active and a paused program whose waiting events no longer match their zone's rules are moved
/// back, and finished or withdrawn programs (with a waiting event left over) are not touched.
/// </summary>
public sealed class ZoneRulesWindowTests : ClockedScheduleTests
{
    private Task<Guid> EnrolOnAsync(string email) =>
        EnrolAsync(email, new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(19, 0), new DateOnly(2027, 3, 2))).ContinueWith(t => t.Result.EnrolmentId);

    /// <summary>Shifts every waiting event by an hour, as if its instant had been computed under other zone rules.</summary>
    private Task<int> SkewAsync(Guid enrolmentId) => WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
        UPDATE scheduled_events SET "DueAt" = "DueAt" + interval '1 hour' WHERE "EnrolmentId" = {enrolmentId} AND "Status" IN (0, 4)
        """));

    private Task<List<DateTimeOffset>> WaitingDueAsync(Guid enrolmentId) => WithDbAsync(db => db.ScheduledEvents.AsNoTracking()
        .Where(e => e.EnrolmentId == enrolmentId && (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned))
        .OrderBy(e => e.Id).Select(e => e.DueAt).ToListAsync());

    private async Task EndAsync(Guid enrolmentId, EnrolmentStatus status)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var enrolment = await db.Enrolments.SingleAsync(e => e.Id == enrolmentId);
        if (status == EnrolmentStatus.Finished)
            enrolment.Finish(Clock.GetUtcNow());
        else
            enrolment.Withdraw("Moved away"); // as if withdrawn by an older version that left its events waiting
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task RunningAndPausedProgramsAreMovedBack_EndedOnesAreLeftAlone()
    {
        var active = await EnrolOnAsync("active@example.org");
        var paused = await EnrolOnAsync("paused@example.org");
        var finished = await EnrolOnAsync("finished@example.org");
        var withdrawn = await EnrolOnAsync("withdrawn@example.org");
        Assert.Null(await ChangeAsync(c => c.PauseAsync(paused)));
        var right = new Dictionary<Guid, List<DateTimeOffset>> { [active] = await WaitingDueAsync(active), [paused] = await WaitingDueAsync(paused) };
        await EndAsync(finished, EnrolmentStatus.Finished);
        await EndAsync(withdrawn, EnrolmentStatus.Withdrawn);
        var skewed = 0;
        foreach (var id in new[] { active, paused, finished, withdrawn })
            skewed += await SkewAsync(id);
        var endedSkewed = new Dictionary<Guid, List<DateTimeOffset>> { [finished] = await WaitingDueAsync(finished), [withdrawn] = await WaitingDueAsync(withdrawn) };
        Assert.NotEmpty(endedSkewed[finished]);

        ZoneRulesCheck.Result result;
        await using (var scope = Site.Services.CreateAsyncScope())
            result = await scope.ServiceProvider.GetRequiredService<ZoneRulesCheck>().ApplyAsync();

        Assert.Equal(2, result.Enrolments);
        Assert.Equal(right[active].Count + right[paused].Count, result.EventsMoved);
        // Every waiting event of a running program (the demo patients' too) is read, and none of an ended one.
        Assert.Equal(await WithDbAsync(db => db.ScheduledEvents.CountAsync(e => (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned)
            && db.Enrolments.Any(en => en.Id == e.EnrolmentId && en.Status != EnrolmentStatus.Finished && en.Status != EnrolmentStatus.Withdrawn))), result.EventsRead);
        Assert.Equal(right[active], await WaitingDueAsync(active));
        Assert.Equal(right[paused], await WaitingDueAsync(paused));
        Assert.Equal(endedSkewed[finished], await WaitingDueAsync(finished));
        Assert.Equal(endedSkewed[withdrawn], await WaitingDueAsync(withdrawn));

        // A second run finds nothing to move.
        await using (var scope = Site.Services.CreateAsyncScope())
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<ZoneRulesCheck>().ApplyAsync()).EventsMoved);
    }
}
