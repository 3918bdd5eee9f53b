using System.Globalization;
using System.Net;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Retention;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Retention;

/// <summary>
/// The daily retention job on real PostgreSQL with the clock in the test's hands: what it removes, what it must never
/// touch, and that the site still works on what is left. The batch is 2 rows, so every part loops over several batches.
/// </summary>
public sealed class RetentionTests : ClockedScheduleTests
{
    private const string Gone = "gone@example.org";
    private readonly SmtpListener _smtp = new SmtpListener().Start();

    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site)
    {
        _smtp.Refuse(Gone);
        return site.WithSetting("Retention:BatchSize", "2")
            .WithSetting("Mail:SmtpHost", "127.0.0.1")
            .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(CultureInfo.InvariantCulture));
    }

    public override async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private async Task<RetentionResult> RunRetentionAsync() => (await InScopeAsync(s => s.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None)))!;

    private Task<bool> QueueAsync(string key, string to) =>
        InScopeAsync(s => s.GetRequiredService<Outbox>().EnqueueAsync(key, to, $"CbtProgram: {key}", $"Body of {key}, for {to}.", deliverNow: false));

    private Task<int> DeliverAsync() => InScopeAsync(s => s.GetRequiredService<OutboxDelivery>().DeliverPendingAsync());

    private Task<OutboxMessage> MessageAsync(string key) => WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == key));

    private async Task ChangeRowsAsync(Func<AppDbContext, Task> change)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task SentEmailOlderThan30Days_LosesItsBodyAndAddress_KeepsItsKeySoItIsNotSentAgain_AndNothingElseIsTouched()
    {
        var start = Clock.GetUtcNow();
        await QueueAsync("old-sent-1", "old.one@example.org");
        await QueueAsync("old-sent-2", "old.two@example.org");
        await QueueAsync("old-sent-3", "old.three@example.org");
        await QueueAsync("old-dead", Gone);
        Assert.Equal(3, await DeliverAsync());
        Assert.NotNull((await MessageAsync("old-dead")).DeadLetteredAt);
        // Queued as long ago, and delayed: the mail server said to wait (an outage).
        await QueueAsync("old-delayed", "delayed@example.org");
        await ChangeRowsAsync(async db => (await db.OutboxMessages.SingleAsync(m => m.Key == "old-delayed")).Defer("451 try later", start.AddDays(100)));
        Clock.Advance(TimeSpan.FromDays(31));
        await QueueAsync("recent-sent", "recent@example.org");
        Assert.Equal(1, await DeliverAsync());
        var before = _smtp.Messages.Count;
        var recentBefore = await MessageAsync("recent-sent");

        Clock.Advance(TimeSpan.FromDays(14)); // the old ones were sent 45 days ago, the recent one 14
        var result = await RunRetentionAsync();

        Assert.Equal(3, result.MailScrubbed);
        foreach (var key in new[] { "old-sent-1", "old-sent-2", "old-sent-3" })
        {
            var scrubbed = await MessageAsync(key);
            Assert.Equal("", scrubbed.Body);
            Assert.Equal(OutboxMessage.RemovedAddress, scrubbed.To);
            Assert.Equal(Clock.GetUtcNow(), scrubbed.ScrubbedAt);
            Assert.Equal($"CbtProgram: {key}", scrubbed.Subject);
            Assert.Equal(start, scrubbed.SentAt);
        }
        var recent = await MessageAsync("recent-sent");
        Assert.Equal((recentBefore.Body, recentBefore.To), (recent.Body, recent.To));
        Assert.Null(recent.ScrubbedAt);
        foreach (var (key, to) in new[] { ("old-dead", Gone), ("old-delayed", "delayed@example.org") })
        {
            var kept = await MessageAsync(key);
            Assert.Equal((to, $"Body of {key}, for {to}."), (kept.To, kept.Body));
            Assert.Null(kept.ScrubbedAt);
            Assert.Null(kept.SentAt);
        }

        // The key still stops a second send: a retry that queues it again changes nothing and nothing leaves.
        Assert.False(await QueueAsync("old-sent-1", "old.one@example.org"));
        Assert.Equal(0, await DeliverAsync());
        Assert.Equal(before, _smtp.Messages.Count);
        Assert.Equal(OutboxMessage.RemovedAddress, (await MessageAsync("old-sent-1")).To);

        // A second run the same day finds nothing more to do.
        Assert.Equal(0, (await RunRetentionAsync()).MailScrubbed);

        // The mail log shows that it was sent and when, says its content was removed, and shows no address or body.
        var admin = await Site.SignedInAsAsync("admin@example.org");
        var sentList = await admin.GetStringAsync("/admin/mail?status=sent");
        Assert.Contains("CbtProgram: old-sent-1", sentList);
        Assert.Contains($"to {OutboxMessage.RemovedAddress} · sent {start.UtcDateTime:d MMM HH:mm} UTC", sentList);
        Assert.Contains("Its content and address were removed", sentList);
        Assert.DoesNotContain("old.one@example.org", sentList);
        Assert.DoesNotContain("Body of old-sent-1", sentList);
        Assert.Contains("Body of recent-sent", sentList);

        // Requeueing a scrubbed message is refused with the reason, and nothing leaves.
        var scrubbedId = (await MessageAsync("old-sent-1")).Id;
        var requeue = await admin.PostFormAsync("/admin/mail?status=sent", $"/admin/mail/{scrubbedId}/requeue", [new("status", "sent")]);
        Assert.Equal(HttpStatusCode.Redirect, requeue.StatusCode);
        Assert.Contains("That email has been sent already; it is not sent twice.", await admin.GetStringAsync("/admin/mail?status=sent"));
        Assert.Equal(0, await DeliverAsync());
        Assert.Equal(before, _smtp.Messages.Count);
    }

    [Fact]
    public async Task NoticesReadMoreThan90DaysAgo_AreDeleted_UnreadAndRecentlyReadOnesStay()
    {
        var userId = await WithDbAsync(db => db.Users.Where(u => u.Email == "admin@example.org").Select(u => u.Id).SingleAsync());
        var start = Clock.GetUtcNow();
        await ChangeRowsAsync(db =>
        {
            for (var i = 0; i < 5; i++)
            {
                var old = new Notice($"old-read-{i}", userId, "Old and read", "/admin", start);
                old.MarkRead(start);
                db.Notices.Add(old);
            }
            db.Notices.Add(new Notice("old-unread", userId, "Old, never read", "/admin", start));
            return Task.CompletedTask;
        });
        Clock.Advance(TimeSpan.FromDays(80));
        await ChangeRowsAsync(db =>
        {
            var recent = new Notice("recent-read", userId, "Read 15 days before the run", "/admin", Clock.GetUtcNow());
            recent.MarkRead(Clock.GetUtcNow());
            db.Notices.Add(recent);
            return Task.CompletedTask;
        });

        Clock.Advance(TimeSpan.FromDays(15));
        var result = await RunRetentionAsync();

        Assert.Equal(5, result.NoticesDeleted);
        Assert.Equal(["old-unread", "recent-read"], await WithDbAsync(db => db.Notices.AsNoTracking().Where(n => n.UserId == userId).Select(n => n.Key).OrderBy(k => k).ToListAsync()));
        Assert.Contains("Old, never read", await (await Site.SignedInAsAsync("admin@example.org")).GetStringAsync("/admin"));
    }

    private static readonly ScheduledEventKind[] Mechanics = [ScheduledEventKind.SessionReminder, ScheduledEventKind.ModuleNudge, ScheduledEventKind.FollowUpReminder,
        ScheduledEventKind.MidReminder, ScheduledEventKind.PostReminder];

    private Task<Guid> EnrolOnAsync(string email) =>
        EnrolAsync(email, new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(19, 0), new DateOnly(2027, 3, 1))).ContinueWith(t => t.Result.EnrolmentId);

    /// <summary>Every event done (as a finished program's are), but one reminder Failed, one Pending, one Planned and one nudge cancelled.</summary>
    private Task RunWholeProgramAsync(Guid enrolmentId, bool finish) => ChangeRowsAsync(async db =>
    {
        var now = Clock.GetUtcNow();
        var events = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId).ToListAsync();
        foreach (var e in events)
        {
            switch (e.Kind, e.Week)
            {
                case (ScheduledEventKind.SessionReminder, 2): e.Fail("SMTP exploded", 1, DateTimeOffset.UtcNow); break;
                case (ScheduledEventKind.SessionReminder, 3): break; // still Pending
                case (ScheduledEventKind.SessionReminder, 4): e.Planned("job-4"); break;
                case (ScheduledEventKind.ModuleNudge, 5): e.Cancel(now, "moved"); break;
                default: e.Done(now, "sent"); break;
            }
        }
        if (finish)
            (await db.Enrolments.SingleAsync(e => e.Id == enrolmentId)).Finish(now);
    });

    private Task<List<ScheduledEvent>> AllEventsAsync(Guid enrolmentId) =>
        WithDbAsync(db => db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolmentId).ToListAsync());

    [Fact]
    public async Task FinishedRemindersAndNudgesOfProgramsEndedAYearAgo_AreDeleted_TheScheduleItselfAndFailedPendingPlannedStay()
    {
        var finished = await EnrolOnAsync("finished.long.ago@example.org");
        var withdrawn = await EnrolOnAsync("withdrawn.long.ago@example.org");
        var running = await EnrolOnAsync("still.running@example.org");
        var recentlyEnded = await EnrolOnAsync("recently.ended@example.org");
        await RunWholeProgramAsync(finished, finish: true);
        Assert.Null(await ChangeAsync(c => c.WithdrawAsync(withdrawn, "Moved to in-person care")));
        await RunWholeProgramAsync(running, finish: false);
        var counts = (await AllEventsAsync(finished)).Count;

        Clock.Advance(TimeSpan.FromDays(300));
        Assert.Null(await ChangeAsync(c => c.WithdrawAsync(recentlyEnded, "Tidying up")));
        var untouched = new Dictionary<Guid, List<ScheduledEvent>>
        {
            [running] = await AllEventsAsync(running),
            [recentlyEnded] = await AllEventsAsync(recentlyEnded),
        };

        Clock.Advance(TimeSpan.FromDays(66)); // 366 days after the first two ended, 66 after the last
        var result = await RunRetentionAsync();

        // The finished program: its done and cancelled reminders and nudges are gone; its sessions, follow-up and the
        // failed, pending and planned events are all there.
        var left = await AllEventsAsync(finished);
        Assert.DoesNotContain(left, e => Mechanics.Contains(e.Kind) && e.IsFinished);
        Assert.Equal(12, left.Count(e => e.Kind == ScheduledEventKind.SessionOpens));
        Assert.Single(left, e => e.Kind == ScheduledEventKind.FollowUpOpens);
        Assert.Single(left, e => e.Kind == ScheduledEventKind.FollowUpCloses);
        Assert.Single(left, e => e.Kind == ScheduledEventKind.PostCloses); // the mid and post windows' openings and closings stay too
        Assert.Single(left, e => e.Status == ScheduledEventStatus.Failed);
        Assert.Single(left, e => e.Status == ScheduledEventStatus.Pending);
        Assert.Single(left, e => e.Status == ScheduledEventStatus.Planned);
        Assert.Equal(18 + 3, left.Count);

        // The program withdrawn as long ago: its cancelled reminders and nudges are gone, its sessions stay (cancelled).
        var withdrawnLeft = await AllEventsAsync(withdrawn);
        Assert.DoesNotContain(withdrawnLeft, e => Mechanics.Contains(e.Kind));
        Assert.Equal(12, withdrawnLeft.Count(e => e.Kind == ScheduledEventKind.SessionOpens));
        Assert.Equal(18, withdrawnLeft.Count);

        Assert.Equal(counts - 21 + counts - 18, result.EventsDeleted);
        foreach (var (enrolmentId, before) in untouched)
            Assert.Equal(before.Select(e => (e.Id, e.Status)).OrderBy(e => e.Id), (await AllEventsAsync(enrolmentId)).Select(e => (e.Id, e.Status)).OrderBy(e => e.Id));

        // The pages that read a finished program's schedule still show it.
        var admin = await Site.SignedInAsAsync("admin@example.org");
        Assert.Contains("Session opens, week 12", await admin.GetStringAsync($"/admin/schedules/{finished}"));
        var finishedPatient = await WithDbAsync(db => db.Enrolments.Where(e => e.Id == finished).Select(e => e.PatientId).SingleAsync());
        var record = await (await Site.SignedInAsAsync("therapist@example.org")).GetAsync($"/therapist/patients/{finishedPatient}");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains(nameof(EnrolmentStatus.Finished), await record.Content.ReadAsStringAsync());
    }

    [Fact]
    public void TheJobIsRegistered_ToRunOnceADay()
    {
        using var connection = Site.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == Web.Scheduling.RecurringJobs.Retention);
        Assert.Equal(Cron.Daily(3, 41), job.Cron);
        Assert.Equal(nameof(RetentionJob.RunAsync), job.Job.Method.Name);
    }

    /// <summary>
    /// With sequential scans priced out, the planner reaches the rows to scrub and the notices to delete through the
    /// partial indexes, so on millions of rows each batch reads only what it changes (the WHERE clauses are the job's).
    /// </summary>
    [Theory]
    [InlineData("""SELECT "Id" FROM outbox_messages WHERE "SentAt" < now() AND "SentAt" IS NOT NULL AND "ScrubbedAt" IS NULL AND "DeadLetteredAt" IS NULL ORDER BY "SentAt" LIMIT 5000 FOR UPDATE SKIP LOCKED""", "IX_outbox_messages_sent_unscrubbed")]
    [InlineData("""SELECT "Id" FROM notices WHERE "ReadAt" < now() AND "ReadAt" IS NOT NULL ORDER BY "ReadAt" LIMIT 5000 FOR UPDATE SKIP LOCKED""", "IX_notices_read")]
    public async Task EachBatchReadsAPartialIndex(string select, string index)
    {
        var plan = await WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
            var explain = "EXPLAIN " + select; // the test's own constant text, no input
            return string.Join("\n", await db.Database.SqlQueryRaw<string>(explain).ToListAsync());
        });
        // An index scan, or a bitmap scan of it (then sorted), as the statistics suggest: either reads only the index's range.
        Assert.True(plan.Contains($"Scan using \"{index}\"", StringComparison.Ordinal) || plan.Contains($"Index Scan on \"{index}\"", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("Seq Scan", plan);
    }
}
