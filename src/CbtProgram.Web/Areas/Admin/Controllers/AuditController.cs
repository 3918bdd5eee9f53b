using CbtProgram.Web.Accounts;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Care;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>The audit trail, newest first: filtered by who, patient, action and dates, paged, and its hash chain verified on request.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/audit")]
public sealed class AuditController(AuditSearch search, AuditChain chain, AuditLog audit) : Controller
{
    public const string VerifiedAction = "verified the audit chain";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? who, Guid? patientId, string? patient, string? what, DateOnly? from, DateOnly? to,
        long? before, long? after)
    {
        var query = new AuditQuery(who, patientId, patient, what, from, to, before, after);
        string? problem = null;
        if (!ModelState.IsValid)
            problem = "Those dates could not be read. Choose them with the date picker, or type them like 2026-11-30. The list below is not filtered by date.";
        else if (from > to)
            problem = "The \"from\" date is after the \"to\" date. Swap them and try again.";
        if (problem is not null)
            query = query with { From = null, To = null };
        return View(new AuditViewModel(await search.FindAsync(query), query, problem, TempData["AuditChain"] as string));
    }

    [HttpPost("verify")]
    public async Task<IActionResult> Verify()
    {
        var result = await chain.VerifyAsync(HttpContext.RequestAborted);
        await audit.RecordNowAsync(User.UserId()!, null, VerifiedAction, result.Intact ? $"intact, {result.Checked} entries" : $"broken at entry #{result.BrokenAt}");
        TempData["AuditChain"] = result.Describe();
        return Redirect("/admin/audit#chain");
    }
}

public sealed record AuditViewModel(AuditPage Page, AuditQuery Query, string? Problem, string? ChainResult)
{
    /// <summary>The page's address with the same filters and another starting point.</summary>
    public string Link(long? before = null, long? after = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("who", Query.Who);
        Add("patientId", Query.PatientId?.ToString());
        Add("patient", Query.Patient);
        Add("what", Query.Action);
        Add("from", Query.From?.ToString("yyyy-MM-dd"));
        Add("to", Query.To?.ToString("yyyy-MM-dd"));
        Add("before", before?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("after", after?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/admin/audit" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
