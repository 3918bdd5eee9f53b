using CbtProgram.Web.Accounts.Mfa;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Outcomes.Fhir;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>The clinic's FHIR R4 bulk export: a page that explains it, and the zip of NDJSON files, streamed and audited.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/fhir")]
public sealed class FhirExportController(FhirBulkExport bulk, FhirMapping mapping, AuditLog audit, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new FhirExportPage(mapping.Identity, mapping.Codes.Base, FhirBulkExport.Files));

    [HttpGet("export")]
    [RequiresRecentSignIn]
    public async Task<IActionResult> Export()
    {
        // Audited before the first byte: a download cut off half way was still an export.
        await audit.RecordNowAsync(User.UserId()!, null, FhirAuditActions.BulkExported, $"{mapping.Identity}");
        Response.ContentType = "application/zip";
        Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = $"cbtprogram-fhir-{clock.GetUtcNow():yyyy-MM-dd}.zip",
        }.ToString();
        await bulk.WriteZipAsync(Response.Body, HttpContext.RequestAborted);
        return new EmptyResult();
    }
}

public sealed record FhirExportPage(FhirPatientIdentity Identity, string CanonicalBase, IReadOnlyList<string> Files);
