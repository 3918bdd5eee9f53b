using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

public enum JourneyStage
{
    Consent,
    Onboarding,
    Baseline,
    Program,
}

/// <summary>One questionnaire a patient has answered: which, at which assessment point and week.</summary>
public readonly record struct AnsweredMeasure(string Point, int Week, string MeasureId);

/// <summary>
/// Where a patient is: their record, their therapist's name, their enrolment and its schedule, and the questionnaires
/// they have answered. Everything the patient pages start from, read in two queries at the start of the request.
/// </summary>
public sealed record PatientState(Patient Patient, string? TherapistName, Enrolment? Enrolment, IReadOnlyList<ScheduledEvent> Events,
    IReadOnlySet<AnsweredMeasure> Answered, bool BaselineDone)
{
    public IEnumerable<ScheduledEvent> Sessions => Events.Where(e => e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.Week);

    public JourneyStage Stage(int consentVersion) =>
        !Patient.HasConsentedTo(consentVersion) ? JourneyStage.Consent
        : Enrolment is null ? JourneyStage.Onboarding
        : !BaselineDone ? JourneyStage.Baseline
        : JourneyStage.Program;

    /// <summary>The latest week whose session has opened (0 before week 1).</summary>
    public int CurrentWeek(DateTimeOffset now) => Sessions.Where(s => s.IsDue(now)).Select(s => s.Week ?? 0).DefaultIfEmpty(0).Max();

    public ScheduledEvent? Session(int week) => Sessions.FirstOrDefault(s => s.Week == week);

    public ScheduledEvent? NextSession(DateTimeOffset now) => Sessions.FirstOrDefault(s => !s.IsDue(now));

    public ScheduledEvent? FollowUp => Events.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens);

    /// <summary>The patient's own calendar date now.</summary>
    public DateOnly Today(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Enrolment?.Zone ?? TimeZoneInfo.Utc).DateTime);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Enrolment?.Zone ?? TimeZoneInfo.Utc);
}

/// <summary>
/// Reads a patient's state in two queries: who they are with their enrolment, therapist and answered questionnaires
/// (one round trip, the answers joined to the row); then their schedule. Both are compiled once (every patient page
/// starts here): EF otherwise rebuilds, walks and hashes each query's expression tree on every call to find its SQL.
/// </summary>
public sealed class PatientStates(AppDbContext db, AssessmentPlan assessments)
{
    private sealed record Found(Patient Patient, Enrolment? Enrolment, string? Therapist, List<AnsweredMeasure> Answered);

    private static readonly Func<AppDbContext, string, Task<Found?>> FindPatient = EF.CompileAsyncQuery(
        (AppDbContext db, string userId) => (
            from patient in db.Patients
            where patient.UserId == userId
            join enrolment in db.Enrolments on patient.Id equals enrolment.PatientId into enrolments
            from enrolment in enrolments.DefaultIfEmpty()
            select new Found(patient, enrolment,
                db.Users.Where(u => u.Id == patient.AssignedTherapistId).Select(u => u.DisplayName).FirstOrDefault(),
                db.MeasureResponses.Where(r => r.PatientId == patient.Id).Select(r => new AnsweredMeasure(r.Point, r.Week, r.MeasureId)).ToList()))
            .FirstOrDefault());

    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<ScheduledEvent>> ScheduleOf = EF.CompileAsyncQuery(
        (AppDbContext db, Guid enrolmentId) => db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolmentId));

    public async Task<PatientState?> ForUserAsync(string? userId)
    {
        if (userId is null || await FindPatient(db, userId) is not { } found)
            return null;
        var events = found.Enrolment is null ? [] : await ScheduleOf(db, found.Enrolment.Id).ToListAsync();
        var answered = found.Answered.ToHashSet();
        var baselineDone = found.Enrolment is not null
            && (await assessments.MeasuresAsync(Domain.Measures.AssessmentPoints.Baseline)).All(m => answered.Contains(new(Domain.Measures.AssessmentPoints.Baseline, 0, m.Id)));
        return new PatientState(found.Patient, found.Therapist, found.Enrolment, events, answered, baselineDone);
    }
}
