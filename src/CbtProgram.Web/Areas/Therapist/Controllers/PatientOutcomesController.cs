using CbtProgram.Web.Accounts;
using CbtProgram.Web.Care;
using CbtProgram.Web.Outcomes.Patients;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>The record's Outcomes tab: baseline, mid, post and follow-up with reliable change and classifications.</summary>
[Route("therapist/patients/{patientId:guid}/outcomes")]
public sealed class PatientOutcomesController(PatientOutcomeReport report, Outcomes.Tracking.NotOnTrackWatch watch, AuditLog audit) : PatientRecordControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var table = await report.TableAsync(Record.PatientId);
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "viewed outcomes");
        return View("~/Areas/Therapist/Views/PatientOutcomes/Index.cshtml", new PatientOutcomesPage(Record, table, await watch.StatusAsync(Record.PatientId)));
    }

    [HttpPost("rule")]
    public async Task<IActionResult> ChooseRule(string? rule)
    {
        TempData["Notice"] = await watch.ChooseRuleAsync(Record.PatientId, rule) ?? "Not-on-track rule saved.";
        await audit.RecordNowAsync(User.UserId()!, Record.PatientId, "changed not-on-track rule");
        return Redirect($"/therapist/patients/{Record.PatientId}/outcomes");
    }
}

public sealed record PatientOutcomesPage(PatientRecordSummary Record, OutcomeTable Table, Outcomes.Tracking.NotOnTrackWatch.Status Tracking);
