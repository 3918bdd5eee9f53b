using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// One writer at a time per enrolment. Every schedule change and every dispatch first locks the enrolment's row
/// (SELECT … FOR UPDATE, held to the end of its transaction), then its events, always in that order, and reads them
/// fresh under the lock: a change that waited sees what the other writer committed and decides on that. The planner and
/// the sweeper never wait: they take only what nobody holds (SKIP LOCKED).
/// </summary>
public static class EnrolmentLock
{
    /// <summary>Locks the enrolment (inside the caller's transaction) and reads it and its events afresh.</summary>
    public static async Task<(Enrolment Enrolment, List<ScheduledEvent> Events)?> LockScheduleAsync(this AppDbContext db, Guid enrolmentId, CancellationToken cancellationToken = default)
    {
        ForgetTracked(db);
        var enrolment = await db.Enrolments.FromSql($"""SELECT * FROM enrolments WHERE "Id" = {enrolmentId} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
        if (enrolment is null)
            return null;
        var events = await db.ScheduledEvents.FromSql($"""SELECT * FROM scheduled_events WHERE "EnrolmentId" = {enrolmentId} ORDER BY "DueAt" FOR UPDATE""").ToListAsync(cancellationToken);
        return (enrolment, events);
    }

    /// <summary>
    /// Locks the enrolment an event belongs to, then the event; null when there is no such event, or, when told not to
    /// wait, when another worker holds the enrolment now (the sweeper passes over it and comes back next time).
    /// </summary>
    public static async Task<(Enrolment Enrolment, ScheduledEvent Event)?> LockEventAsync(this AppDbContext db, Guid eventId, bool wait = true, CancellationToken cancellationToken = default)
    {
        ForgetTracked(db);
        var enrolment = await (wait
            ? db.Enrolments.FromSql($"""
                SELECT * FROM enrolments WHERE "Id" = (SELECT s."EnrolmentId" FROM scheduled_events s WHERE s."Id" = {eventId}) FOR UPDATE
                """)
            : db.Enrolments.FromSql($"""
                SELECT * FROM enrolments WHERE "Id" = (SELECT s."EnrolmentId" FROM scheduled_events s WHERE s."Id" = {eventId}) FOR UPDATE SKIP LOCKED
                """)).SingleOrDefaultAsync(cancellationToken);
        if (enrolment is null)
            return null;
        var scheduled = await (wait
            ? db.ScheduledEvents.FromSql($"""SELECT * FROM scheduled_events WHERE "Id" = {eventId} FOR UPDATE""")
            : db.ScheduledEvents.FromSql($"""SELECT * FROM scheduled_events WHERE "Id" = {eventId} FOR UPDATE SKIP LOCKED""")).SingleOrDefaultAsync(cancellationToken);
        return scheduled is null ? null : (enrolment, scheduled);
    }

    /// <summary>A context that read these rows before the lock would keep its old copies: drop them, so the locked read wins.</summary>
    private static void ForgetTracked(AppDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Enrolment or ScheduledEvent).ToList())
            entry.State = EntityState.Detached;
    }
}
