using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications.Push;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Scheduling.Batches;

/// <summary>
/// What the dispatcher's per-kind rules read about the events it holds locked, read once for all of them (a few queries
/// whatever their number) under the same locks, instead of once per event: the patients, each schedule's session
/// openings and follow-up close (<see cref="LateEvents"/>), the weeks each patient has completed, the in-app notices that
/// already exist, and how each patient wants reminders. A dispatch of one event reads the same, for one.
/// </summary>
public sealed class DispatchReads
{
    /// <summary>A session opening or follow-up close of a schedule: what the late-event rules compare against.</summary>
    public sealed record Mark(ScheduledEventKind Kind, int? Week, DateTimeOffset DueAt, DateOnly LocalDate, TimeOnly LocalTime);

    private DispatchReads(Dictionary<Guid, Patient> patients, ILookup<Guid, Mark> marks, ILookup<Guid, int> completedWeeks,
        HashSet<string> notices, IReadOnlyDictionary<Guid, ReminderAudience> audiences)
    {
        _patients = patients;
        _marks = marks;
        _completedWeeks = completedWeeks;
        _notices = notices;
        _audiences = audiences;
    }

    private readonly Dictionary<Guid, Patient> _patients;
    private readonly ILookup<Guid, Mark> _marks;
    private readonly ILookup<Guid, int> _completedWeeks;
    private readonly HashSet<string> _notices;
    private readonly IReadOnlyDictionary<Guid, ReminderAudience> _audiences;

    /// <summary>The in-app notice's key of an event (also the stem of its outbox keys).</summary>
    public static string PatientKey(Guid eventId) => $"event:{eventId}:patient";

    public static async Task<DispatchReads> LoadAsync(AppDbContext db, PatientReminders reminders, IReadOnlyCollection<(Enrolment Enrolment, ScheduledEvent Event)> locked)
    {
        var patientIds = locked.Select(l => l.Enrolment.PatientId).Distinct().ToList();
        var enrolmentIds = locked.Select(l => l.Enrolment.Id).Distinct().ToList();
        var keys = locked.Select(l => PatientKey(l.Event.Id)).ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        var marks = (await db.ScheduledEvents.AsNoTracking()
                .Where(e => enrolmentIds.Contains(e.EnrolmentId) && e.Status != ScheduledEventStatus.Cancelled
                    && (e.Kind == ScheduledEventKind.SessionOpens || e.Kind == ScheduledEventKind.FollowUpCloses))
                .Select(e => new { e.EnrolmentId, e.Kind, e.Week, e.DueAt, e.LocalDate, e.LocalTime }).ToListAsync())
            .ToLookup(e => e.EnrolmentId, e => new Mark(e.Kind, e.Week, e.DueAt, e.LocalDate, e.LocalTime));
        var completed = (await db.PatientModules.AsNoTracking().Where(m => patientIds.Contains(m.PatientId) && m.CompletedAt != null)
            .Select(m => new { m.PatientId, m.Week }).ToListAsync()).ToLookup(m => m.PatientId, m => m.Week);
        var notices = (await db.Notices.AsNoTracking().Where(n => keys.Contains(n.Key)).Select(n => n.Key).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var audiences = await reminders.AudienceAsync(patientIds);
        return new DispatchReads(patients, marks, completed, notices, audiences);
    }

    public Patient Patient(Guid patientId) => _patients.TryGetValue(patientId, out var patient)
        ? patient : throw new InvalidOperationException($"Patient {patientId} of a scheduled event does not exist.");

    /// <summary>The schedule's session openings (not cancelled) and its follow-up close, as they stand under the lock.</summary>
    public IEnumerable<Mark> Marks(Guid enrolmentId) => _marks[enrolmentId];

    public IReadOnlyList<int> CompletedWeeks(Guid patientId) => _completedWeeks[patientId].ToList();

    public bool ModuleCompleted(Guid patientId, int week) => _completedWeeks[patientId].Contains(week);

    /// <summary>True when the notice is new (and now counted as existing), false when it was already there.</summary>
    public bool AddNotice(string key) => _notices.Add(key);

    public ReminderAudience? Audience(Guid patientId) => _audiences.GetValueOrDefault(patientId);
}
