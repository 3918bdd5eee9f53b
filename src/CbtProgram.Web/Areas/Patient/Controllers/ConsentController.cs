using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient reads and accepts the current consent text, and is told plainly this is not an emergency service.</summary>
[Route("patient/consent")]
[AvailableFrom(JourneyStage.Consent)]
public sealed class ConsentController(ProgramCatalog program, AppDbContext db, TimeProvider clock, Outcomes.Research.ResearchConsents researchConsents) : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new ConsentViewModel((await program.GetAsync()).Program.Consent, null));

    [HttpPost("")]
    public async Task<IActionResult> Accept(int version, bool agree, int? researchVersion, bool research = false)
    {
        var consent = (await program.GetAsync()).Program.Consent;
        if (!agree)
            return View("Index", new ConsentViewModel(consent, "Tick the box to say you have read this and agree, or talk to your clinic if you have questions."));
        if (version != consent.Version)
            return View("Index", new ConsentViewModel(consent, "The consent text changed while you were reading it. Please read this version and agree again."));
        db.Attach(State.Patient).Entity.AcceptConsent(consent.Version, clock.GetUtcNow());
        await db.SaveChangesAsync();
        // The research item is optional and separate: its answer (yes or no) is recorded only when it was on the page.
        if (researchVersion is { } offered)
            await researchConsents.RecordAsync(State.Patient.Id, offered, research);
        return Redirect("/patient");
    }
}

public sealed record ConsentViewModel(Curriculum.Definitions.ConsentText Consent, string? Error);
