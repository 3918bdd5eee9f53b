using CbtProgram.Web.Curriculum.Audio;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Journey.Audio;

/// <summary>
/// Plays the clinic's recordings from curriculum/audio/ to signed-in people (patients in the player, admins in the
/// preview), with the right content type and range requests, so a browser can seek and resume.
/// </summary>
[Authorize]
[Route("audio")]
public sealed class ClinicRecordingsController(RecordingFolder recordings) : Controller
{
    [HttpGet("{name}")]
    public IActionResult Play(string name)
    {
        if (recordings.FileFor(name) is not { } file)
            return NotFound();
        Response.Headers.CacheControl = "private, max-age=3600";
        return PhysicalFile(file, RecordingRules.ContentTypes[Path.GetExtension(name).ToLowerInvariant()], enableRangeProcessing: true);
    }

    public static string UrlFor(string name) => $"/audio/{Uri.EscapeDataString(name)}";
}
