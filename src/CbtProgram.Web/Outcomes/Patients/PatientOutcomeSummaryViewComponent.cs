using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>The signed-in patient's outcome summary in plain words, for their progress page (nothing until a later point is answered).</summary>
public sealed class PatientOutcomeSummaryViewComponent(AppDbContext db, PatientOutcomeReport report) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserId();
        var patientId = await db.Patients.Where(p => p.UserId == userId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
        var lines = patientId is { } id ? await report.PlainWordsAsync(id) : [];
        return View("~/Views/Shared/Components/PatientOutcomeSummary/Default.cshtml", lines);
    }
}
