using CbtProgram.Web.Curriculum.Publishing;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>Reads a patient's stored outcome summary for the pages: the therapist's full table and the patient's plain words.</summary>
public sealed class PatientOutcomeReport(PatientOutcomeStore store, ProgramCatalog program)
{
    public async Task<OutcomeTable> TableAsync(Guid patientId)
    {
        var (definition, measures) = await program.GetAsync();
        var mid = definition.AssessmentPoints.FirstOrDefault(p => p.Id == Domain.Measures.AssessmentPoints.Mid)?.Measures ?? [];
        return OutcomeTable.Build(await store.StoredAsync(patientId), measures, mid);
    }

    public async Task<IReadOnlyList<string>> PlainWordsAsync(Guid patientId) => OutcomeWords.For(await store.StoredAsync(patientId));
}
