namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>How the Patient resource of a FHIR export names the person.</summary>
public enum FhirPatientIdentity
{
    /// <summary>No name, email or database id: the Patient is known only by its pseudonym.</summary>
    Pseudonymous,

    /// <summary>The person's name and email, and the site's own patient id as an identifier.</summary>
    Named,
}

/// <summary>The <c>Fhir</c> settings of the FHIR R4 export.</summary>
public sealed class FhirOptions
{
    public const string Section = "Fhir";

    /// <summary>Pseudonymous unless the clinic chooses otherwise.</summary>
    public FhirPatientIdentity PatientIdentity { get; set; } = FhirPatientIdentity.Pseudonymous;

    /// <summary>
    /// The base of every canonical URL and fullUrl the export writes (Questionnaires, the site's own code systems). Empty:
    /// the site's public address (<c>Mail:SiteUrl</c>) followed by <c>/fhir</c>.
    /// </summary>
    public string CanonicalBase { get; set; } = "";

    /// <summary>Patients read per query in the bulk export: memory stays flat however large the clinic.</summary>
    public int BatchSize { get; set; } = 500;
}
