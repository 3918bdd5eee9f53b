using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
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

    /// <summary>The total score of every completed questionnaire, then headache days per 28 for each diary window.</summary>
    public async Task<List<Observation>> ObservationsAsync(
        IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<string, MeasureDefinition> measures, CancellationToken cancel)
    {
        var key = await KeyAsync(cancel);
        var observations = (await RowsAsync(ids, measures, cancel)).Select(r => mapping.ToScore(measures[r.MeasureId], r, key.For(r.PatientId))).ToList();
        var diary = (await db.DiaryEntries.AsNoTracking().Where(e => ids.Contains(e.PatientId))
                .Select(e => new { e.PatientId, Day = new DiaryDaySummary(e.Date, e.HadHeadache, e.PeakIntensity, e.TookAcuteMedication, e.MedicineKinds, e.Mood, e.UpdatedAt) })
                .ToListAsync(cancel))
            .ToLookup(e => e.PatientId, e => e.Day);
        var zones = await db.Enrolments.AsNoTracking().Where(e => ids.Contains(e.PatientId)).Select(e => new { e.PatientId, e.TimeZoneId }).ToListAsync(cancel);
        var now = clock.GetUtcNow();
        foreach (var patient in diary.OrderBy(g => g.Key))
        {
            var zone = zones.FirstOrDefault(z => z.PatientId == patient.Key)?.TimeZoneId;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone is null || !PatientTimeZones.IsAccepted(zone) ? TimeZoneInfo.Utc : PatientTimeZones.Find(zone)).DateTime);
            var pseudonym = key.For(patient.Key);
            foreach (var window in ProgressReport.Windows(patient.ToList(), today))
                if (mapping.ToHeadacheDays(new FhirDiaryWindow(window.From, window.To, window.DaysRecorded, window.HeadacheDays), pseudonym) is { } observation)
                    observations.Add(observation);
        }
        return observations;
    }

    private async Task<List<MeasureResponse>> RowsAsync(IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<string, MeasureDefinition> measures, CancellationToken cancel) =>
        (await db.MeasureResponses.AsNoTracking().Where(r => ids.Contains(r.PatientId))
            .OrderBy(r => r.PatientId).ThenBy(r => r.SubmittedAt).ThenBy(r => r.Id).ToListAsync(cancel))
        .Where(r => measures.ContainsKey(r.MeasureId)).ToList();
}
