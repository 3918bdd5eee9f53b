using System.Globalization;
using CbtProgram.Web.App;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>
/// The diary on a device without a connection: the empty form the service worker keeps for the last 7 days, a fresh
/// antiforgery token for each sending, and the door entries written offline come in by (<see cref="OfflineDiary"/>).
/// </summary>
[Route("patient/diary")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class OfflineDiaryController(OfflineDiary offline, OfflineAssets assets, IAntiforgery antiforgery) : PatientControllerBase
{
    /// <summary>The diary form with no answers in it: what the device keeps, so no saved entry is ever stored there.</summary>
    [HttpGet("offline")]
    public IActionResult Form()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Cbt-App-Version"] = assets.Version; // app.js replaces the kept copy when the build changes
        return View("~/Areas/Patient/Views/Diary/Offline.cshtml", new DiaryForm { Mood = null });
    }

    [HttpGet("offline/token")]
    public IActionResult Token()
    {
        Response.Headers.CacheControl = "no-store";
        return Json(new { token = antiforgery.GetAndStoreTokens(HttpContext).RequestToken });
    }

    [HttpPost("{date}/offline")]
    [EnableRateLimiting(RateLimitPolicies.PatientEntries)]
    public async Task<IActionResult> Receive(string date, DiaryForm form)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !Guid.TryParse(Request.Form["SubmissionKey"], out var key) || key == Guid.Empty)
            return BadRequest(new { status = "unreadable" });
        var baseVersion = long.TryParse(Request.Form["BaseVersion"], CultureInfo.InvariantCulture, out var known) ? known : (long?)null;
        var readingProblems = DiaryForm.ReadingProblems(form, ModelState);
        var result = await offline.ReceiveAsync(State, day,
            new OfflineDiaryEntry(key, baseVersion, Request.Form["Replace"] == "true", readingProblems is null ? form.ToDay() : null, readingProblems));
        return result.Outcome switch
        {
            OfflineDiaryOutcome.Saved => Json(new { status = "saved", version = result.Version }),
            OfflineDiaryOutcome.AlreadySaved => Json(new { status = "already-saved", version = result.Version }),
            OfflineDiaryOutcome.Conflict => Conflict(new { status = "conflict", version = result.Version, savedAt = result.SavedAt }),
            _ => UnprocessableEntity(new { status = "problems", problems = result.Problems }),
        };
    }
}
