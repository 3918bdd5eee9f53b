using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.FlatDailyJobs;

/// <summary>
/// Retention reads each day only the programs that crossed its cut-off since its last run (issue 18). What it deletes
/// must be what the full statement deletes: a mix of running, recently ended and long-ended programs, ended by
/// finishing, by withdrawal and by a late cancellation, over runs a day apart, a month apart and the same day; at the
/// end a full pass (the watermark forgotten) finds nothing the daily runs missed.
/// </summary>
public sealed class RetentionWindowTests : ClockedScheduleTests
{
    private static readonly ScheduledEventKind[] Mechanics = [ScheduledEventKind.SessionReminder, ScheduledEventKind.ModuleNudge, ScheduledEventKind.FollowUpReminder,
        ScheduledEventKind.MidReminder, ScheduledEventKind.PostReminder];

    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) => site.WithSetting("Retention:BatchSize", "3");

    private async Task<int> RunAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None))!.EventsDeleted;
    }

    private Task<Guid> EnrolOnAsync(string email) =>
        EnrolAsync(email, new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(19, 0), new DateOnly(2027, 3, 2))).ContinueWith(t => t.Result.EnrolmentId);

    private async Task ChangeRowsAsync(Func<AppDbContext, Task> change)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    /// <summary>Every event done now (one reminder left failed); the program finished now too when asked.</summary>
    private Task RunProgramAsync(Guid enrolmentId, bool finish) => ChangeRowsAsync(async db =>
    {
        var now = Clock.GetUtcNow();
        foreach (var e in await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId).ToListAsync())
        {
            if (e is { Kind: ScheduledEventKind.SessionReminder, Week: 2 })
                e.Fail("SMTP exploded", 1, now);
            else
                e.Done(now, "sent");
        }
        if (finish)
            (await db.Enrolments.SingleAsync(e => e.Id == enrolmentId)).Finish(now);
    });

    private Task FinishAsync(Guid enrolmentId) => ChangeRowsAsync(async db => (await db.Enrolments.SingleAsync(e => e.Id == enrolmentId)).Finish(Clock.GetUtcNow()));

    /// <summary>The failed reminder of an ended program is cancelled late (as a retry of it would): its program ends again then.</summary>
    private Task CancelFailedAsync(Guid enrolmentId) => ChangeRowsAsync(async db =>
        (await db.ScheduledEvents.SingleAsync(e => e.EnrolmentId == enrolmentId && e.Status == ScheduledEventStatus.Failed)).Cancel(Clock.GetUtcNow(), "program ended"));

    private Task<int> PrunableAsync(Guid enrolmentId) => WithDbAsync(db => db.ScheduledEvents.CountAsync(e => e.EnrolmentId == enrolmentId
        && Mechanics.Contains(e.Kind) && (e.Status == ScheduledEventStatus.Done || e.Status == ScheduledEventStatus.Cancelled)));

    private async Task<Dictionary<string, int>> LeftAsync(Dictionary<string, Guid> programs)
    {
        var left = new Dictionary<string, int>();
        foreach (var (name, id) in programs)
            left[name] = await PrunableAsync(id);
        return left;
    }

    private void Advance(int days) => Clock.Advance(TimeSpan.FromDays(days));

    [Fact]
    public async Task DailyRuns_DeleteWhatTheFullStatementDeletes_ForRunningRecentlyEndedAndLongEndedPrograms()
    {
        var programs = new Dictionary<string, Guid>();
        foreach (var name in new[] { "finished", "withdrawn", "running", "late-finish", "late-withdrawal", "late-cancel" })
            programs[name] = await EnrolOnAsync($"{name}@example.org");
        var full = await PrunableAsync(programs["running"]) + 0; // none done yet
        Assert.Equal(0, full);

        // Day 0: two programs end; the others run their events now.
        await RunProgramAsync(programs["finished"], finish: true);
        Assert.Null(await ChangeAsync(c => c.WithdrawAsync(programs["withdrawn"], "Moved away")));
        await RunProgramAsync(programs["running"], finish: false);
        await RunProgramAsync(programs["late-finish"], finish: false);
        await RunProgramAsync(programs["late-cancel"], finish: true);
        var each = await PrunableAsync(programs["finished"]);
        Assert.True(each > 10);

        Advance(10);
        Assert.Equal(0, await RunAsync()); // the first run reads every ended program once: none is a year old

        Advance(90); // day 100: one program finishes long after its events; a failed reminder of another is cancelled
        await FinishAsync(programs["late-finish"]);
        await CancelFailedAsync(programs["late-cancel"]);
        Advance(200); // day 300: a withdrawal
        Assert.Null(await ChangeAsync(c => c.WithdrawAsync(programs["late-withdrawal"], "Tidying up")));
        Assert.Equal(0, await RunAsync());

        Advance(66); // day 366: the two day-0 programs are due; the late cancellation keeps its program for now
        var deleted = await RunAsync();
        var left = await LeftAsync(programs);
        Assert.Equal(0, left["finished"]);
        Assert.Equal(0, left["withdrawn"]);
        Assert.Equal(each, left["running"]);
        Assert.Equal(each, left["late-finish"]);
        Assert.Equal(each + 1, left["late-cancel"]);
        Assert.True(left["late-withdrawal"] > 0);
        Assert.Equal(0, await RunAsync()); // the same day again: nothing more

        Advance(1); // day 367
        Assert.Equal(0, await RunAsync());

        Advance(100); // day 467, a hundred days without a run: both day-100 changes crossed the cut-off meanwhile
        deleted += await RunAsync();
        left = await LeftAsync(programs);
        Assert.Equal(0, left["late-finish"]);
        Assert.Equal(0, left["late-cancel"]);
        Assert.Equal(each, left["running"]);
        Assert.True(left["late-withdrawal"] > 0);

        Advance(199); // day 666: the withdrawal of day 300 is 366 days old
        deleted += await RunAsync();
        left = await LeftAsync(programs);
        Assert.Equal(0, left["late-withdrawal"]);
        Assert.Equal(each, left["running"]);

        // A full pass over every ended program (as the first run does) finds nothing the daily runs left.
        await using (var scope = Site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().ForgetProgressAsync();
        Assert.Equal(0, await RunAsync());
        Assert.True(deleted >= 5 * each, $"{deleted} deleted");
        Assert.Equal(each, await PrunableAsync(programs["running"]));
        Assert.Equal(nameof(EnrolmentStatus.Active), (await WithDbAsync(db => db.Enrolments.SingleAsync(e => e.Id == programs["running"]))).Status.ToString());
    }

    [Fact]
    public async Task ProgramsAddedAroundTheSite_AreFoundAfterTheProgressIsForgotten()
    {
        var old = await EnrolOnAsync("imported@example.org");
        Assert.Equal(0, await RunAsync()); // the watermark is set
        // As a bulk import does: a program that ended two years ago appears with its dates in the past.
        await RunProgramAsync(old, finish: true);
        var back = Clock.GetUtcNow().AddDays(-730);
        await WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            UPDATE scheduled_events SET "CompletedAt" = {back} WHERE "EnrolmentId" = {old} AND "CompletedAt" IS NOT NULL
            """));
        await WithDbAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE enrolments SET "FinishedAt" = {back}, "CreatedAt" = {back.AddDays(-200)} WHERE "Id" = {old}"""));
        Advance(1);
        Assert.Equal(0, await RunAsync()); // the daily window does not see it: it never crossed the cut-off while the site watched

        await using (var scope = Site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().ForgetProgressAsync();
        Assert.True(await RunAsync() > 10);
        Assert.Equal(0, await PrunableAsync(old));
    }

    [Fact]
    public async Task ARowHeldByAnotherWriter_IsSkipped_AndTheSameWindowIsReadAgainNextDay()
    {
        var ended = await EnrolOnAsync("held@example.org");
        Assert.Equal(0, await RunAsync()); // the watermark is set
        await RunProgramAsync(ended, finish: true);
        var each = await PrunableAsync(ended);
        Advance(366);

        // Another writer holds one of the rows to delete while the run goes by.
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var holding = await db.Database.BeginTransactionAsync();
            var held = await db.ScheduledEvents.FromSql($"""
                SELECT * FROM scheduled_events WHERE "EnrolmentId" = {ended} AND "Kind" = {(int)ScheduledEventKind.ModuleNudge} AND "Week" = 1 FOR UPDATE
                """).AsNoTracking().SingleAsync();
            Assert.Equal(each - 1, await RunAsync());
            await holding.RollbackAsync();
        }
        Assert.Equal(1, await PrunableAsync(ended));

        Advance(1); // the next day's window starts where the complete run left off, so the held row is found
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await PrunableAsync(ended));
    }

    private async Task<int> CheckedAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None))!.ProgramsChecked;
    }

    [Fact]
    public async Task AfterTheFirstRun_ADailyRunLooksOnlyAtProgramsThatCrossedTheCutOffSince()
    {
        var early = await EnrolOnAsync("early@example.org");
        var late = await EnrolOnAsync("late@example.org");
        await RunProgramAsync(early, finish: true);
        Advance(100);
        await RunProgramAsync(late, finish: true);
        Advance(270); // day 370
        var cutoff = Clock.GetUtcNow().AddDays(-365);
        var endedBeforeCutoff = await WithDbAsync(db => db.Enrolments.CountAsync(e => (e.Status == EnrolmentStatus.Finished || e.Status == EnrolmentStatus.Withdrawn)
            && e.CreatedAt < cutoff && (e.FinishedAt == null || e.FinishedAt < cutoff)));
        Assert.True(endedBeforeCutoff >= 1);
        Assert.Equal(endedBeforeCutoff, await CheckedAsync()); // the first run looks at every program that ended before the cut-off
        Assert.Equal(0, await PrunableAsync(early));
        Advance(1);
        Assert.Equal(0, await CheckedAsync()); // nothing crossed the cut-off in the day since
        Advance(95); // day 466: the second crossed on day 465
        Assert.Equal(1, await CheckedAsync());
        Assert.Equal(0, await PrunableAsync(late));
        Assert.Equal(0, await CheckedAsync()); // the same day again
    }
}
