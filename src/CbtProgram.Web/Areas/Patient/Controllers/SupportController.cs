using CbtProgram.Web.Crisis;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>Shown straight after an answer that raised a risk alert: where to get help now, and a way to carry on.</summary>
[Route("patient/support")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class SupportController(IOptions<CrisisResourcesOptions> crisis) : PatientControllerBase
{
    [HttpGet("")]
    public IActionResult Index(string? next) =>
        View(new SupportViewModel(crisis.Value, Url.IsLocalUrl(next) && next!.StartsWith("/patient", StringComparison.Ordinal) ? next : "/patient",
            HasTherapist: State.Patient.AssignedTherapistId is not null));
}

/// <summary>What the page says is only what is true: who has been told depends on whether the patient has a therapist.</summary>
public sealed record SupportViewModel(CrisisResourcesOptions Crisis, string Next, bool HasTherapist);
