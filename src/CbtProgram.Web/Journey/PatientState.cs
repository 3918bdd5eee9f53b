using System.Security.Claims;
using CbtProgram.Web.Accounts.Sessions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Security;

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
/// Marks the pages that start from the patient's state, so it is read in the same round trip as the request's session
/// check (<see cref="PatientStates"/> as an <see cref="ISessionCheckRider"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class StartsFromPatientStateAttribute : Attribute, IRidesWithSessionCheck
{
    public Type Rider => typeof(PatientStates);
}

/// <summary>
/// Reads a patient's state in one round trip (a <see cref="SqlBatch"/>, every patient page starts here): the patient
/// and their enrolment (tracked, as the pages may change them), their therapist's name, the questionnaires they have
/// answered, and their schedule's milestones (untracked), each found by the signed-in user's id. On a page marked
/// <see cref="StartsFromPatientStateAttribute"/> the statements ride with the session check, so the page's first
/// <see cref="ForUserAsync"/> takes what that round trip read instead of sending its own.
/// </summary>
public sealed class PatientStates(AppDbContext db, AssessmentPlan assessments) : ISessionCheckRider
{
    /// <summary>The milestone kinds as SQL constants: fixed values, so one prepared statement serves every request.</summary>
    private static readonly string MilestoneKindList = string.Join(", ", PatientState.MilestoneKinds.Select(k => (int)k).Order());

    private string? _ridingFor;
    private (string UserId, Rows Rows)? _readWithSessionCheck;

    public async Task<PatientState?> ForUserAsync(string? userId)
    {
        if (userId is null)
            return null;
        if (_readWithSessionCheck is { } early && early.UserId == userId)
        {
            // Taken once: a later call (after the page has changed something) reads afresh.
            _readWithSessionCheck = null;
            return await ResolveAsync(early.Rows);
        }
        Rows rows;
        await using (var results = await AddReads(new SqlBatch(), userId).ExecuteAsync(db))
            rows = await ReadRowsAsync(results);
        return await ResolveAsync(rows);
    }

    bool ISessionCheckRider.AddTo(SqlBatch batch, ClaimsPrincipal user, string userId)
    {
        if (!user.IsInRole(Roles.Patient))
            return false;
        AddReads(batch, userId);
        _ridingFor = userId;
        return true;
    }

    async Task ISessionCheckRider.ReadAsync(SqlBatch.Results results) => _readWithSessionCheck = (_ridingFor!, await ReadRowsAsync(results));

    private SqlBatch AddReads(SqlBatch batch, string userId) => batch
        .Add($"""SELECT {EntityRows.Columns<Patient>(db, "p")} FROM patients p WHERE p."UserId" = $1""", userId)
        .Add($"""SELECT {EntityRows.Columns<Enrolment>(db, "e")} FROM enrolments e JOIN patients p ON p."Id" = e."PatientId" WHERE p."UserId" = $1""", userId)
        .Add("""SELECT u."DisplayName" FROM patients p JOIN "AspNetUsers" u ON u."Id" = p."AssignedTherapistId" WHERE p."UserId" = $1""", userId)
        .Add("""SELECT r."Point", r."Week", r."MeasureId" FROM measure_responses r JOIN patients p ON p."Id" = r."PatientId" WHERE p."UserId" = $1""", userId)
        .Add($"""
            SELECT {EntityRows.Columns<ScheduledEvent>(db, "s")} FROM scheduled_events s
            JOIN enrolments e ON e."Id" = s."EnrolmentId" JOIN patients p ON p."Id" = e."PatientId" WHERE p."UserId" = $1 AND s."Kind" IN ({MilestoneKindList})
            """, userId);

    private async Task<Rows> ReadRowsAsync(SqlBatch.Results results) => new(
        await results.ReadAsync(EntityRows.Reader<Patient>(db)),
        await results.ReadAsync(EntityRows.Reader<Enrolment>(db)),
        await results.ReadAsync(r => r.IsDBNull(0) ? null : r.GetString(0)),
        await results.ReadAsync(r => new AnsweredMeasure(r.GetString(0), r.GetInt32(1), r.GetString(2))),
        await results.ReadAsync(EntityRows.Reader<ScheduledEvent>(db)));

    private async Task<PatientState?> ResolveAsync(Rows rows)
    {
        if (rows.Patients.Count == 0)
            return null;
        var patient = EntityRows.Track(db, rows.Patients[0]);
        var enrolment = rows.Enrolments.Count == 0 ? null : EntityRows.Track(db, rows.Enrolments[0]);
        var answers = rows.Answered.ToHashSet();
        var baselineDone = enrolment is not null
            && (await assessments.MeasuresAsync(Domain.Measures.AssessmentPoints.Baseline)).All(m => answers.Contains(new(Domain.Measures.AssessmentPoints.Baseline, 0, m.Id)));
        return new PatientState(patient, rows.Therapist.FirstOrDefault(), enrolment, rows.Events, answers, baselineDone);
    }

    /// <summary>The batch's five result sets, as read (nothing tracked yet).</summary>
    private sealed record Rows(List<Patient> Patients, List<Enrolment> Enrolments, List<string?> Therapist, List<AnsweredMeasure> Answered,
        List<ScheduledEvent> Events);
}
