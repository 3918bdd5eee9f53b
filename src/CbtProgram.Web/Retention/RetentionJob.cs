using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CbtProgram.Web.Retention;

/// <summary>What one retention run changed: counts only, never whose rows they were (it shows in the job dashboard).</summary>
/// <see cref="ProgramsChecked"/> is how many ended programs the events' part looked at: every ended one on a first run,
/// then only those that crossed the cut-off since the last.
public sealed record RetentionResult(int MailScrubbed, int NoticesDeleted, int EventsDeleted, int ProgramsChecked = 0);

/// <summary>
/// Prunes delivery records once a day, in batches of <see cref="RetentionOptions.BatchSize"/> rows, each statement its own
/// transaction, taking only rows nobody holds (SKIP LOCKED), so several nodes may run it and nothing waits on it:
/// <list type="bullet">
/// <item>sent email older than <see cref="RetentionOptions.SentMailBodyDays"/>: body and address removed
/// (<see cref="OutboxMessage.ScrubbedAt"/> says when); the row, its unique key, subject, priority and times stay, so a retry that queues
/// the same key sends nothing and the mail log still shows it was sent, and when. Unsent, waiting and dead-lettered
/// email is never touched: an admin may still send it;</item>
/// <item>in-app notices read more than <see cref="RetentionOptions.ReadNoticeDays"/> ago: deleted; unread ones stay;</item>
/// <item>finished (done, dropped or cancelled) session reminders, module nudges and follow-up reminders of programs that
/// ended (finished or withdrawn) more than <see cref="RetentionOptions.EndedProgramEventDays"/> ago: deleted. Session
/// openings and the follow-up's opening and close are kept for ever, as are Failed, Pending and Planned events: the
/// caseload, the record, the patient's pages and the calendar feed read them. See the README's "Retention".</item>
/// </list>
/// Audit entries and the clinical record (diary, questionnaires, worksheets, alerts, notes, messages) are never pruned.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetentionJob(AppDbContext db, RetentionOptions options, RunAlone alone, TimeProvider clock, ILogger<RetentionJob> log)
{
    /// <summary>Hangfire's entry point, daily (<see cref="RecurringJobs"/>): never two runs at once; null when skipped for that reason.</summary>
    public Task<RetentionResult?> RunAsync(CancellationToken cancellationToken) =>
        alone.RunAsync(RecurringJobs.Retention, () => PruneAsync(cancellationToken));

    public async Task<RetentionResult?> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var mail = await ScrubSentMailAsync(now, cancellationToken);
        var notices = await DeleteReadNoticesAsync(now, cancellationToken);
        var (events, programs) = await DeleteEndedProgramEventsAsync(now, cancellationToken);
        var result = new RetentionResult(mail, notices, events, programs);
        log.LogInformation("Retention: {MailScrubbed} sent emails scrubbed, {NoticesDeleted} read notices and {EventsDeleted} finished events of ended programs deleted",
            result.MailScrubbed, result.NoticesDeleted, result.EventsDeleted);
        return result;
    }

    private int Batch => Math.Max(1, options.BatchSize);

    /// <summary>Set-based, oldest first; reads the partial index of unscrubbed sent mail (IX_outbox_messages_sent_unscrubbed).</summary>
    public Task<int> ScrubSentMailAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (options.SentMailBodyDays <= 0)
            return Task.FromResult(0);
        var sentBefore = now.AddDays(-options.SentMailBodyDays);
        return InBatchesAsync(() => db.Database.ExecuteSqlAsync($"""
            UPDATE outbox_messages SET "Body" = '', "SealedBody" = NULL, "To" = {OutboxMessage.RemovedAddress}, "ScrubbedAt" = {now}
            WHERE "Id" = ANY(ARRAY(
              SELECT "Id" FROM outbox_messages
              WHERE "SentAt" < {sentBefore} AND "SentAt" IS NOT NULL AND "ScrubbedAt" IS NULL AND "DeadLetteredAt" IS NULL
              ORDER BY "SentAt" LIMIT {Batch} FOR UPDATE SKIP LOCKED))
            """, cancellationToken), cancellationToken);
    }

    public Task<int> DeleteReadNoticesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (options.ReadNoticeDays <= 0)
            return Task.FromResult(0);
        var readBefore = now.AddDays(-options.ReadNoticeDays);
        return InBatchesAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM notices WHERE "Id" = ANY(ARRAY(
              SELECT "Id" FROM notices WHERE "ReadAt" < {readBefore} AND "ReadAt" IS NOT NULL
              ORDER BY "ReadAt" LIMIT {Batch} FOR UPDATE SKIP LOCKED))
            """, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A program ended before the cut-off when it is finished or withdrawn, its enrolment is older, it finished before
    /// it (withdrawals record no time, so) and none of its events was done or cancelled after it (a withdrawal cancels
    /// what is still to come, so the newest of those times is when it was withdrawn).
    /// <para>
    /// Each day only the programs that may have crossed the cut-off since the last complete run are read: those that
    /// finished, or had an event done or cancelled, between the last run's cut-off (<see cref="JobWatermark"/>) and
    /// today's, through <see cref="FinishedProgramsIndex"/> and <see cref="CompletedEventsIndex"/>. Every other ended
    /// program was dealt with by an earlier run, or has an event completed after the cut-off and is not due yet. With no
    /// watermark (the first run, or after <see cref="ForgetProgressAsync"/>) every ended program is read once. The
    /// programs are handled <see cref="ProgramsPerStatement"/> at a time, each statement deleting at most a batch, so
    /// each statement is bounded whatever the database holds. The watermark moves only when nothing was left behind
    /// (a row someone held is skipped, and the same window is read again the next day).
    /// </para>
    /// </summary>
    public async Task<(int Deleted, int ProgramsChecked)> DeleteEndedProgramEventsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (options.EndedProgramEventDays <= 0)
            return (0, 0);
        var endedBefore = now.AddDays(-options.EndedProgramEventDays);
        var since = await db.Set<JobWatermark>().AsNoTracking().Where(w => w.Job == RecurringJobs.Retention)
            .Select(w => (DateTimeOffset?)w.Through).SingleOrDefaultAsync(cancellationToken);
        if (since >= endedBefore)
            return (0, 0); // the period was made longer: what ends before today's cut-off was dealt with already
        var candidates = since is { } from ? await CrossedSinceAsync(from, endedBefore, cancellationToken) : await AllEndedAsync(endedBefore, cancellationToken);
        var deleted = 0;
        var leftBehind = false;
        foreach (var programs in candidates.Chunk(ProgramsPerStatement))
        {
            deleted += await InBatchesAsync(() => db.Database.ExecuteSqlRawAsync(DeleteEnded, Parameters(programs, endedBefore), cancellationToken), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            leftBehind = leftBehind || await db.Database.SqlQueryRaw<bool>(AnyEndedLeft, Parameters(programs, endedBefore)).SingleAsync(cancellationToken);
        }
        if (leftBehind)
            log.LogWarning("Retention: some finished events of ended programs were held by another writer and stay until the next run");
        else
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO job_watermarks ("Job", "Through") VALUES ({RecurringJobs.Retention}, {endedBefore})
                ON CONFLICT ("Job") DO UPDATE SET "Through" = GREATEST(job_watermarks."Through", EXCLUDED."Through")
                """, cancellationToken);
        return (deleted, candidates.Count);
    }

    /// <summary>Enrolments considered per statement (each has a few dozen events).</summary>
    public const int ProgramsPerStatement = 1000;

    /// <summary>
    /// Makes the next run read every ended program once, as the first run does: for data written around the site (a
    /// bulk import of programs that ended long ago), which the daily window would never see cross the cut-off.
    /// </summary>
    public Task ForgetProgressAsync(CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"""DELETE FROM job_watermarks WHERE "Job" = {RecurringJobs.Retention}""", cancellationToken);

    /// <summary>
    /// The ended program's finished reminders and nudges (enrolment <c>e</c>, event <c>s</c>) when it ended before the
    /// cut-off (<c>@cutoff</c>); the numbers are the code's own enum values, never input.
    /// </summary>
    private static readonly string EndedBefore = $"""
        e."Status" IN ({(int)EnrolmentStatus.Finished}, {(int)EnrolmentStatus.Withdrawn})
        AND e."CreatedAt" < @cutoff
        AND (e."FinishedAt" IS NULL OR e."FinishedAt" < @cutoff)
        AND NOT EXISTS (SELECT 1 FROM scheduled_events later WHERE later."EnrolmentId" = e."Id" AND later."CompletedAt" >= @cutoff)
        AND s."Kind" IN ({(int)ScheduledEventKind.SessionReminder}, {(int)ScheduledEventKind.ModuleNudge}, {(int)ScheduledEventKind.FollowUpReminder},
          {(int)ScheduledEventKind.MidReminder}, {(int)ScheduledEventKind.PostReminder})
        AND s."Status" IN ({(int)ScheduledEventStatus.Done}, {(int)ScheduledEventStatus.Cancelled})
        """;

    private static readonly string DeleteEnded = $"""
        DELETE FROM scheduled_events WHERE "Id" = ANY(ARRAY(
          SELECT s."Id" FROM enrolments e
          JOIN scheduled_events s ON s."EnrolmentId" = e."Id"
          WHERE e."Id" = ANY(@programs) AND {EndedBefore}
          LIMIT @batch FOR UPDATE OF s SKIP LOCKED))
        """;

    private static readonly string AnyEndedLeft = $"""
        SELECT EXISTS (SELECT 1 FROM enrolments e JOIN scheduled_events s ON s."EnrolmentId" = e."Id"
          WHERE e."Id" = ANY(@programs) AND {EndedBefore}) AS "Value"
        """;

    private object[] Parameters(Guid[] programs, DateTimeOffset endedBefore) =>
    [
        new NpgsqlParameter("programs", programs),
        new NpgsqlParameter("cutoff", endedBefore),
        new NpgsqlParameter("batch", Batch),
    ];

    /// <summary>Programs that finished, or had an event done or cancelled, in [from, to): the only ones whose end can have crossed the cut-off since.</summary>
    private Task<List<Guid>> CrossedSinceAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM enrolments WHERE "FinishedAt" >= {from} AND "FinishedAt" < {to} AND "FinishedAt" IS NOT NULL
            UNION
            SELECT "EnrolmentId" FROM scheduled_events WHERE "CompletedAt" >= {from} AND "CompletedAt" < {to} AND "CompletedAt" IS NOT NULL
            ORDER BY 1
            """).ToListAsync(cancellationToken);

    private Task<List<Guid>> AllEndedAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM enrolments
            WHERE "Status" IN ({(int)EnrolmentStatus.Finished}, {(int)EnrolmentStatus.Withdrawn}) AND "CreatedAt" < {endedBefore}
              AND ("FinishedAt" IS NULL OR "FinishedAt" < {endedBefore})
            ORDER BY 1
            """).ToListAsync(cancellationToken);

    /// <summary>Runs one bounded statement until it changes fewer rows than a batch; each is committed on its own.</summary>
    private async Task<int> InBatchesAsync(Func<Task<int>> statement, CancellationToken cancellationToken)
    {
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = await statement();
            total += changed;
            if (changed < Batch)
                break;
        }
        return total;
    }
}
