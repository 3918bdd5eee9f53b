using CbtProgram.Web.Accounts;
using CbtProgram.Web.Audit;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Therapist.Controllers;

/// <summary>Asks staff opening a record that is not theirs why (<see cref="BreakGlass"/>); the same access rule as the record itself.</summary>
[Route("therapist/patients/{patientId:guid}/reason")]
public sealed class RecordReasonController(BreakGlass breakGlass) : PatientRecordControllerBase
{
    protected override bool AsksForReason => false;

    [HttpGet("")]
    public IActionResult Ask(string? returnUrl) => View("Ask", Model(returnUrl, null, null));

    [HttpPost("")]
    public async Task<IActionResult> Give(string? returnUrl, string? reason, string? text)
    {
        if (await breakGlass.GiveAsync(User.UserId()!, Record.PatientId, reason, text) is { } problem)
        {
            ModelState.AddModelError("reason", problem);
            return View("Ask", Model(returnUrl, reason, text));
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(RecordPath(), StringComparison.Ordinal) ? returnUrl : RecordPath());
    }

    private RecordReasonModel Model(string? returnUrl, string? reason, string? text) =>
        new(Record, Url.IsLocalUrl(returnUrl) ? returnUrl : RecordPath(), BreakGlass.Reasons, reason, text, breakGlass.Hours);
}

public sealed record RecordReasonModel(PatientRecordSummary Record, string ReturnUrl, IReadOnlyList<string> Reasons, string? Reason, string? Text, int Hours);
