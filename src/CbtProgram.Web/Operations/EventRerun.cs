using System.Diagnostics;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Operations;

/// <summary>
/// An admin's "Run now" or "Retry": a failed event is first made due again (audited); then the run is queued as a job
/// whose only argument is the event id, never done inside the request. The admin is told what happened within a couple
/// of seconds (it ran, it failed and why, or it is queued), never shown an error page. Bad input changes nothing.
/// </summary>
public sealed class EventRerun(AppDbContext db, IBackgroundJobClient jobs, AuditLog audit, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>How long the request waits for the queued run before saying it is queued (default 2 seconds).</summary>
    private TimeSpan Wait => TimeSpan.FromSeconds(configuration.GetValue("Operations:RunNowWaitSeconds", 2.0));

    public async Task<string> RunAsync(Guid eventId, Guid? enrolmentId, string adminId)
    {
        var scheduled = await db.ScheduledEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId);
        if (scheduled is null || (enrolmentId is { } expected && scheduled.EnrolmentId != expected))
            return "That event is not part of this patient's schedule. Nothing was changed.";
        if (scheduled.IsFinished)
            return "That event has already run or was cancelled; nothing was done twice.";
        if (scheduled.DueAt > clock.GetUtcNow())
            return "That event is not due yet; it will run at its time. Nothing was changed.";
        var program = await db.Enrolments.Where(e => e.Id == scheduled.EnrolmentId).Select(e => e.Status).FirstAsync();
        if (program == EnrolmentStatus.Paused)
            return "This program is paused; its events wait for the resume. Nothing was changed.";

        if (scheduled.Status == ScheduledEventStatus.Failed && await RetryAsync(eventId, adminId) is { } problem)
            return problem;
        var attemptsBefore = scheduled.Status == ScheduledEventStatus.Failed ? 0 : scheduled.Attempts;
        jobs.Enqueue<EventDispatchJob>(job => job.RunAsync(eventId));
        return await OutcomeAsync(eventId, attemptsBefore);
    }

    /// <summary>Makes a failed event due again under its enrolment's lock, so no dispatch or schedule change interleaves.</summary>
    private async Task<string?> RetryAsync(Guid eventId, string adminId)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (await db.LockEventAsync(eventId) is not { } locked)
            return "That event no longer exists. Nothing was changed.";
        var (enrolment, scheduled) = locked;
        if (scheduled.Status != ScheduledEventStatus.Failed)
            return null; // another admin retried it a moment ago: queue the run all the same
        scheduled.Retry();
        audit.Record(adminId, enrolment.PatientId, "retried failed scheduled event", eventId.ToString());
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        db.ChangeTracker.Clear();
        return null;
    }

    /// <summary>Watches the row briefly: done, a new failed attempt, or still waiting for a worker.</summary>
    private async Task<string> OutcomeAsync(Guid eventId, int attemptsBefore)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var row = await db.ScheduledEvents.AsNoTracking().Where(e => e.Id == eventId)
                .Select(e => new { e.Status, e.Attempts, e.LastError, e.Outcome }).FirstAsync();
            if (row.Status == ScheduledEventStatus.Done)
                return $"The event ran ({row.Outcome}).";
            if (row.Status == ScheduledEventStatus.Cancelled)
                return $"The event was cancelled ({row.Outcome}).";
            if (row.Status == ScheduledEventStatus.Failed)
                return $"It failed: {row.LastError?.TrimEnd('.')}. It has failed {row.Attempts} times and is not tried again on its own; retry it once the cause is fixed.";
            if (row.Attempts > attemptsBefore)
                return $"It failed: {row.LastError?.TrimEnd('.')}. It will be tried again.";
            if (watch.Elapsed >= Wait)
                return "Queued; it runs within a minute.";
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
