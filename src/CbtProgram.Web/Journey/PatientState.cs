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

/// <summary>Where a patient is: their record, their enrolment and its schedule. Everything the patient pages start from.</summary>
public sealed record PatientState(Patient Patient, Enrolment? Enrolment, IReadOnlyList<ScheduledEvent> Events, bool BaselineDone)
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

public sealed class PatientStates(AppDbContext db, AssessmentPlan assessments)
{
    public async Task<PatientState?> ForUserAsync(string? userId)
    {
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.UserId == userId);
        if (patient is null)
            return null;
        var enrolment = await db.Enrolments.FirstOrDefaultAsync(e => e.PatientId == patient.Id);
        var events = enrolment is null ? [] : await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolment.Id).ToListAsync();
        var baselineDone = enrolment is not null && (await assessments.MissingAsync(patient.Id, Domain.Measures.AssessmentPoints.Baseline, 0)).Count == 0;
        return new PatientState(patient, enrolment, events, baselineDone);
    }
}
