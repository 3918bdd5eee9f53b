namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>The audit log's names for the FHIR exports.</summary>
public static class FhirAuditActions
{
    public const string PatientDownloaded = "downloaded FHIR record";
    public const string BulkExported = "exported FHIR bulk data";
}
