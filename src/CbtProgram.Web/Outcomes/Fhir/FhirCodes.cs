using Hl7.Fhir.Model;

namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>
/// The code systems and codes the export writes. LOINC where the measure file names a code (<c>loinc: { panel, total }</c>:
/// PHQ-9 44249-1 / 44261-6, GAD-7 69737-5 / 70274-6); the site's own code system, under the canonical base, for
/// everything else (the totals of measures without a LOINC code in their file, the diary's headache days per 28).
/// </summary>
public sealed class FhirCodes(string canonicalBase)
{
    public const string Loinc = "http://loinc.org";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string OrdinalValueExtension = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string MinValueExtension = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValueExtension = "http://hl7.org/fhir/StructureDefinition/maxValue";

    public const string HeadacheDaysPer28 = "headache-days-per-28";
    public const string DiaryDaysRecorded = "diary-days-recorded";

    public string Base { get; } = canonicalBase.TrimEnd('/');

    /// <summary>The site's own observation codes: <c>{measure}-total</c> and the diary codes above.</summary>
    public string LocalSystem => $"{Base}/CodeSystem/cbtprogram-observations";

    /// <summary>A questionnaire's answer options: the code is the option's value, as the measure file scores it.</summary>
    public string AnswerSystem(string measureId) => $"{Base}/CodeSystem/{measureId}-answers";

    public string QuestionnaireUrl(string measureId) => $"{Base}/Questionnaire/{measureId}";

    /// <summary>The identifier system of a pseudonym: the same as the research export's, named by the export key.</summary>
    public static string PseudonymSystem(string keyName) => $"urn:cbtprogram:pseudonym:{keyName}";

    public string PatientIdSystem => $"{Base}/patient-id";

    public string FullUrl(Resource resource) => $"{Base}/{resource.TypeName}/{resource.Id}";

    public static string LocalTotalCode(string measureId) => $"{measureId}-total";

    public static CodeableConcept SurveyCategory() => new(ObservationCategory, "survey", "Survey");
}
