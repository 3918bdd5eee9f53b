namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>
/// The id a patient carries in a FHIR export: a pseudonym, stable for the site's export key, never the database id or
/// email. The export asks for one at a time, in batches, so it works the same for one patient and for 100,000.
/// </summary>
public interface IFhirPatientPseudonyms
{
    /// <summary>A FHIR id (letters, digits, '-' and '.', at most 64 characters) for this patient.</summary>
    string For(Guid patientId);
}
