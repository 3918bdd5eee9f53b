using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling;

public enum SessionStatus
{
    Upcoming,
    Open,
    Completed,
    Cancelled,
}

/// <summary>
/// One week of a patient's schedule, in the patient's own time: the time zone it was set in, named in
/// <paramref name="OtherZone"/> when that is not the patient's zone now (a week that opened before they moved).
/// </summary>
public sealed record PlannedSession(int Week, DateTimeOffset LocalOpensAt, SessionStatus Status, string? OtherZone = null)
{
    public bool CanMove => Status == SessionStatus.Upcoming;
}

/// <summary>A mid or post questionnaire window in the patient's own time: its point's title, when it opens and closes.</summary>
public sealed record PlannedWindow(string Point, string Title, DateTimeOffset LocalOpensAt, DateTimeOffset LocalClosesAt);

/// <summary>A patient's schedule as people read it: the 12 sessions in their own time zone, the mid and post windows and the follow-up.</summary>
public sealed record SessionPlan(Enrolment Enrolment, IReadOnlyList<PlannedSession> Sessions, DateTimeOffset? LocalFollowUp)
{
    public IReadOnlyList<PlannedWindow> Windows { get; init; } = [];

    public PlannedSession? Session(int week) => Sessions.FirstOrDefault(s => s.Week == week);

    public static async Task<SessionPlan?> ForPatientAsync(AppDbContext db, Guid patientId, DateTimeOffset now)
    {
        var enrolment = await db.Enrolments.AsNoTracking().FirstOrDefaultAsync(e => e.PatientId == patientId);
        if (enrolment is null)
            return null;
        var events = await db.ScheduledEvents.AsNoTracking()
            .Where(e => e.EnrolmentId == enrolment.Id && (e.Kind == ScheduledEventKind.SessionOpens || e.Kind == ScheduledEventKind.FollowUpOpens
                || e.Kind == ScheduledEventKind.MidOpens || e.Kind == ScheduledEventKind.MidCloses || e.Kind == ScheduledEventKind.PostOpens || e.Kind == ScheduledEventKind.PostCloses))
            .ToListAsync();
        var completed = await db.PatientModules.Where(m => m.PatientId == patientId && m.CompletedAt != null).Select(m => m.Week).ToListAsync();
        var zone = enrolment.Zone;
        TimeZoneInfo ZoneOf(ScheduledEvent e) => e.TimeZoneId == zone.Id || !PatientTimeZones.IsAccepted(e.TimeZoneId) ? zone : PatientTimeZones.Find(e.TimeZoneId);
        var sessions = events.Where(e => e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.Week)
            .Select(e => new PlannedSession(e.Week!.Value, TimeZoneInfo.ConvertTime(e.DueAt, ZoneOf(e)),
                completed.Contains(e.Week!.Value) ? SessionStatus.Completed
                : e.Status == ScheduledEventStatus.Cancelled ? SessionStatus.Cancelled
                : e.IsDue(now) ? SessionStatus.Open
                : SessionStatus.Upcoming,
                e.TimeZoneId == zone.Id ? null : e.TimeZoneId))
            .ToList();
        var followUp = events.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens && e.Status != ScheduledEventStatus.Cancelled);
        var windows = AssessmentWindows.All
            .Select(k => (Kinds: k, Opens: events.FirstOrDefault(e => e.Kind == k.Opens && e.Status != ScheduledEventStatus.Cancelled),
                Closes: events.FirstOrDefault(e => e.Kind == k.Closes && e.Status != ScheduledEventStatus.Cancelled)))
            .Where(w => w.Opens is not null && w.Closes is not null)
            .Select(w => new PlannedWindow(w.Kinds.Point, new Journey.DueAssessment(w.Kinds.Point, 0, null).Title,
                TimeZoneInfo.ConvertTime(w.Opens!.DueAt, zone), TimeZoneInfo.ConvertTime(w.Closes!.DueAt, zone)))
            .OrderBy(w => w.LocalOpensAt).ToList();
        return new SessionPlan(enrolment, sessions, followUp is null ? null : TimeZoneInfo.ConvertTime(followUp.DueAt, zone)) { Windows = windows };
    }
}
