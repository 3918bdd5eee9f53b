using CbtProgram.Web.Care;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The patient's messages with their therapist.</summary>
[Route("patient/messages")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class MessagesController(Conversations conversations) : PatientControllerBase
{
    private const string Path = "/patient/messages";

    /// <summary>Reading changes nothing: messages are marked read by the "mark as read" button or by replying.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        View(new ThreadView(await conversations.ThreadAsync(State.Patient.Id), ForPatient: true, Path));

    [HttpPost("read")]
    public async Task<IActionResult> MarkRead()
    {
        await conversations.MarkReadAsync(State.Patient.Id, readByPatient: true);
        return Redirect(Path);
    }

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.Messages)]
    public async Task<IActionResult> Send(string? text)
    {
        if (await conversations.SendFromPatientAsync(State.Patient.Id, State.Patient.UserId, text) is { } problem)
        {
            ModelState.AddModelError("text", problem);
            ViewData["Draft"] = text;
            return View("Index", new ThreadView(await conversations.ThreadAsync(State.Patient.Id), ForPatient: true, Path));
        }
        await conversations.MarkReadAsync(State.Patient.Id, readByPatient: true);
        TempData["Notice"] = "Message sent. Your therapist will see it when they are next working.";
        return Redirect(Path);
    }
}
