using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Outcomes.Fhir;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>One patient's record as a FHIR R4 Bundle (type collection), for staff who may open the record; audited.</summary>
[Route("therapist/patients/{patientId:guid}/fhir")]
public sealed class PatientFhirController(FhirExport export, AuditLog audit, TimeProvider clock) : PatientRecordControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Download()
    {
        var bundle = await export.PatientBundleAsync(Record.PatientId, HttpContext.RequestAborted);
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, FhirAuditActions.PatientDownloaded,
            $"{export.Mapping.Identity}, {bundle.Entry.Count} resources");
        return File(FhirJson.Indented(bundle), FhirJson.MediaType, $"fhir-patient-{clock.GetUtcNow():yyyy-MM-dd}.json");
    }
}
