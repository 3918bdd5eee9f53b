using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;

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
/// Where a patient is: their record, their therapist's name, their enrolment and its milestones (see
/// <see cref="MilestoneKinds"/>), and the questionnaires they have answered. Everything the patient pages start from,
/// read in one round trip at the start of the request.
/// </summary>
public sealed record PatientState(Patient Patient, string? TherapistName, Enrolment? Enrolment, IReadOnlyList<ScheduledEvent> Milestones,
    IReadOnlySet<AnsweredMeasure> Answered, bool BaselineDone)
{
    /// <summary>
    /// The events of the schedule the patient pages read: the sessions' openings and the questionnaire windows' openings
    /// and closings. Reminders and nudges (more than half of a schedule) are the dispatcher's business, not read here.
    /// </summary>
    public static readonly IReadOnlySet<ScheduledEventKind> MilestoneKinds = new HashSet<ScheduledEventKind>(
        [ScheduledEventKind.SessionOpens, ScheduledEventKind.FollowUpOpens, ScheduledEventKind.FollowUpCloses,
         .. AssessmentWindows.All.SelectMany(w => new[] { w.Opens, w.Closes })]);

    public IEnumerable<ScheduledEvent> Sessions => Milestones.Where(e => e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.Week);

    public JourneyStage Stage(int consentVersion) =>
        !Patient.HasConsentedTo(consentVersion) ? JourneyStage.Consent
        : Enrolment is null ? JourneyStage.Onboarding
        : !BaselineDone ? JourneyStage.Baseline
        : JourneyStage.Program;

    /// <summary>The latest week whose session has opened (0 before week 1).</summary>
    public int CurrentWeek(DateTimeOffset now) => Sessions.Where(s => s.IsDue(now)).Select(s => s.Week ?? 0).DefaultIfEmpty(0).Max();

    public ScheduledEvent? Session(int week) => Sessions.FirstOrDefault(s => s.Week == week);

    public ScheduledEvent? NextSession(DateTimeOffset now) => Sessions.FirstOrDefault(s => !s.IsDue(now));

    public ScheduledEvent? FollowUp => Milestones.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens);

    /// <summary>The patient's own calendar date now.</summary>
    public DateOnly Today(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Enrolment?.Zone ?? TimeZoneInfo.Utc).DateTime);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Enrolment?.Zone ?? TimeZoneInfo.Utc);
}

/// <summary>
/// Reads a patient's state in one round trip (a <see cref="SqlBatch"/>, every patient page starts here): the patient
/// and their enrolment (tracked, as the pages may change them), their therapist's name, the questionnaires they have
/// answered, and their schedule's milestones (untracked), each found by the signed-in user's id.
/// </summary>
public sealed class PatientStates(AppDbContext db, AssessmentPlan assessments)
{
    /// <summary>The milestone kinds as SQL constants: fixed values, so one prepared statement serves every request.</summary>
    private static readonly string MilestoneKindList = string.Join(", ", PatientState.MilestoneKinds.Select(k => (int)k).Order());

    public async Task<PatientState?> ForUserAsync(string? userId)
    {
        if (userId is null)
            return null;
        var batch = new SqlBatch()
            .Add($"""SELECT {EntityRows.Columns<Patient>(db, "p")} FROM patients p WHERE p."UserId" = $1""", userId)
            .Add($"""SELECT {EntityRows.Columns<Enrolment>(db, "e")} FROM enrolments e JOIN patients p ON p."Id" = e."PatientId" WHERE p."UserId" = $1""", userId)
            .Add("""SELECT u."DisplayName" FROM patients p JOIN "AspNetUsers" u ON u."Id" = p."AssignedTherapistId" WHERE p."UserId" = $1""", userId)
            .Add("""SELECT r."Point", r."Week", r."MeasureId" FROM measure_responses r JOIN patients p ON p."Id" = r."PatientId" WHERE p."UserId" = $1""", userId)
            .Add($"""
                SELECT {EntityRows.Columns<ScheduledEvent>(db, "s")} FROM scheduled_events s
                JOIN enrolments e ON e."Id" = s."EnrolmentId" JOIN patients p ON p."Id" = e."PatientId" WHERE p."UserId" = $1 AND s."Kind" IN ({MilestoneKindList})
                """, userId);
        List<Patient> patients;
        List<Enrolment> enrolments;
        List<string?> therapist;
        List<AnsweredMeasure> answered;
        List<ScheduledEvent> events;
        await using (var results = await batch.ExecuteAsync(db))
        {
            patients = await results.ReadAsync(EntityRows.Reader<Patient>(db));
            enrolments = await results.ReadAsync(EntityRows.Reader<Enrolment>(db));
            therapist = await results.ReadAsync(r => r.IsDBNull(0) ? null : r.GetString(0));
            answered = await results.ReadAsync(r => new AnsweredMeasure(r.GetString(0), r.GetInt32(1), r.GetString(2)));
            events = await results.ReadAsync(EntityRows.Reader<ScheduledEvent>(db));
        }
        if (patients.Count == 0)
            return null;
        var patient = EntityRows.Track(db, patients[0]);
        var enrolment = enrolments.Count == 0 ? null : EntityRows.Track(db, enrolments[0]);
        var answers = answered.ToHashSet();
        var baselineDone = enrolment is not null
            && (await assessments.MeasuresAsync(Domain.Measures.AssessmentPoints.Baseline)).All(m => answers.Contains(new(Domain.Measures.AssessmentPoints.Baseline, 0, m.Id)));
        return new PatientState(patient, therapist.FirstOrDefault(), enrolment, events, answers, baselineDone);
    }
}
