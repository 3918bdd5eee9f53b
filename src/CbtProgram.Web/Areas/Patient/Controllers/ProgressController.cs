using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's own progress: charts, each with a table that says the same thing.</summary>
[Route("patient/progress")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class ProgressController(ProgressReport report) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await report.BuildAsync(State));
}
