using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Outcomes.Research;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient says yes or no to research use of their answers, or changes their mind, at any time.</summary>
[Route("patient/my-data/research")]
[AvailableFrom(JourneyStage.Onboarding)]
public sealed class ResearchConsentController(ResearchConsents consents) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new ResearchConsentViewModel(await consents.StatusAsync(State.Patient.Id), null));

    [HttpPost("")]
    public async Task<IActionResult> Choose(int version, string? choice)
    {
        var error = choice is "yes" or "no"
            ? await consents.RecordAsync(State.Patient.Id, version, choice == "yes")
            : "Choose yes or no, then save.";
        if (error is not null)
            return View("Index", new ResearchConsentViewModel(await consents.StatusAsync(State.Patient.Id), error));
        TempData["Notice"] = choice == "yes"
            ? "Thank you. Your answers may be used for research, without your name. You can change this at any time."
            : "Saved. Your answers will not be used in any new research files.";
        return Redirect("/patient/my-data/research");
    }
}

public sealed record ResearchConsentViewModel(ResearchConsents.Status Status, string? Error);

/// <summary>The optional research box on the consent page (nothing when the clinic does not ask).</summary>
public sealed record ResearchChoiceModel(ConsentText? Research, string? Error);
