using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Outcomes.Statistics;
using CbtProgram.Web.Outcomes.Research;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>
/// Reads a set of patients (one, or a batch of the bulk export) and turns them into FHIR resources with
/// <see cref="FhirMapping"/>. Every read is by patient id, so a batch costs the same few queries however large the clinic.
/// Patients are known by their pseudonym under the site's default export key (the research export's, so the two link up).
/// </summary>
public sealed class FhirExport(AppDbContext db, ProgramCatalog program, Pseudonyms pseudonyms, FhirMapping mapping, TimeProvider clock)
{
    private PseudonymKey? _key;

    public FhirMapping Mapping => mapping;

    private async Task<PseudonymKey> KeyAsync(CancellationToken cancel) => _key ??= await pseudonyms.DefaultKeyAsync(cancel);

    /// <summary>One patient's record as a Bundle of type collection: the Patient, the Questionnaires, every completed questionnaire and the Observations.</summary>
    public async Task<Bundle> PatientBundleAsync(Guid patientId, CancellationToken cancel = default)
    {
        var ids = new[] { patientId };
        var measures = await MeasuresAsync();
        var resources = new List<Resource>();
        resources.AddRange(await PatientsAsync(ids, cancel));
        resources.AddRange(measures.Values.Select(mapping.ToQuestionnaire));
        resources.AddRange(await ResponsesAsync(ids, measures, cancel));
        resources.AddRange(await ObservationsAsync(ids, measures, cancel));
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString("N"),
            Type = Bundle.BundleType.Collection,
            Timestamp = clock.GetUtcNow(),
        };
        foreach (var resource in resources)
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = mapping.Codes.FullUrl(resource), Resource = resource });
        return bundle;
    }

    /// <summary>The measures that have definitions, by id: a response to a measure no longer defined cannot be described and is left out.</summary>
    public async Task<IReadOnlyDictionary<string, MeasureDefinition>> MeasuresAsync() =>
        (await program.GetAsync()).Measures.ToDictionary(m => m.Id);

    public async Task<List<Patient>> PatientsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancel)
    {
        var named = mapping.Identity == FhirPatientIdentity.Named;
        var rows = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, Name = named ? u.DisplayName : null, Email = named ? u.Email : null })
            .ToListAsync(cancel);
        var key = await KeyAsync(cancel);
        return rows.Select(r => mapping.ToPatient(new FhirPatientFacts(r.Id, key.For(r.Id), key.Name, r.Name, r.Email))).ToList();
    }

    public async Task<List<QuestionnaireResponse>> ResponsesAsync(
        IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<string, MeasureDefinition> measures, CancellationToken cancel)
    {
        var key = await KeyAsync(cancel);
        return (await RowsAsync(ids, measures, cancel)).Select(r => mapping.ToResponse(measures[r.MeasureId], r, key.For(r.PatientId))).ToList();
    }

    /// <summary>The total score of every completed questionnaire, then headache days per 28 for each aligned diary window that has ended.</summary>
    public async Task<List<Observation>> ObservationsAsync(
        IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<string, MeasureDefinition> measures, CancellationToken cancel)
    {
        var key = await KeyAsync(cancel);
        var observations = (await RowsAsync(ids, measures, cancel)).Select(r => mapping.ToScore(measures[r.MeasureId], r, key.For(r.PatientId))).ToList();
        foreach (var (patientId, point, window) in await DiaryWindowsAsync(ids, cancel))
            if (mapping.ToHeadacheDays(point, window, key.For(patientId)) is { } observation)
                observations.Add(observation);
        return observations;
    }

    /// <summary>
    /// The outcome summary's aligned windows (<see cref="PatientOutcomeCalculator.Windows"/>: the 28 days before week 1,
    /// before week 12 ends, before the follow-up date) of every patient in the batch, read in three queries; only windows
    /// that ended before the patient's own today, so a figure never changes after it is exported.
    /// </summary>
    private async Task<List<(Guid PatientId, string Point, DiaryWindowFigures Window)>> DiaryWindowsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancel)
    {
        var (definition, _) = await program.GetAsync();
        var lastWeek = definition.Weeks > 0 ? definition.Weeks : 12;
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => ids.Contains(e.PatientId))
            .Select(e => new { e.Id, e.PatientId, e.TimeZoneId }).ToListAsync(cancel);
        var enrolmentIds = enrolments.Select(e => e.Id).ToList();
        var events = (await db.ScheduledEvents.AsNoTracking()
                .Where(e => enrolmentIds.Contains(e.EnrolmentId) && e.Status != ScheduledEventStatus.Cancelled
                    && ((e.Kind == ScheduledEventKind.SessionOpens && (e.Week == 1 || e.Week == lastWeek)) || e.Kind == ScheduledEventKind.FollowUpOpens))
                .Select(e => new { e.EnrolmentId, e.Kind, e.Week, e.LocalDate }).ToListAsync(cancel))
            .ToLookup(e => e.EnrolmentId);
        var diary = (await db.DiaryEntries.AsNoTracking().Where(e => ids.Contains(e.PatientId))
                .Select(e => new { e.PatientId, Day = new DiaryDayFigures(e.Date, e.HadHeadache, e.PeakIntensity, e.TookAcuteMedication) })
                .ToListAsync(cancel))
            .ToLookup(e => e.PatientId, e => e.Day);
        var now = clock.GetUtcNow();
        var windows = new List<(Guid, string, DiaryWindowFigures)>();
        foreach (var enrolment in enrolments.OrderBy(e => e.PatientId))
        {
            var mine = events[enrolment.Id].ToList();
            DateOnly? Session(int week) => mine.FirstOrDefault(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == week)?.LocalDate;
            var inputs = new PatientOutcomeInputs([], diary[enrolment.PatientId].ToList(), Session(1), Session(lastWeek)?.AddDays(7),
                mine.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens)?.LocalDate, new Dictionary<string, MeasureOutcomeRules>());
            var zone = PatientTimeZones.IsAccepted(enrolment.TimeZoneId) ? PatientTimeZones.Find(enrolment.TimeZoneId) : TimeZoneInfo.Utc;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var (baseline, post, followUp) = PatientOutcomeCalculator.Windows(inputs);
            foreach (var (point, window) in new[] { (AssessmentPoints.Baseline, baseline), (AssessmentPoints.Post, post), (AssessmentPoints.FollowUp, followUp) })
                if (window is not null && window.To < today)
                    windows.Add((enrolment.PatientId, point, window));
        }
        return windows;
    }

    private async Task<List<MeasureResponse>> RowsAsync(IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<string, MeasureDefinition> measures, CancellationToken cancel) =>
        (await db.MeasureResponses.AsNoTracking().Where(r => ids.Contains(r.PatientId))
            .OrderBy(r => r.PatientId).ThenBy(r => r.SubmittedAt).ThenBy(r => r.Id).ToListAsync(cancel))
        .Where(r => measures.ContainsKey(r.MeasureId)).ToList();
}
