using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Journey.Audio;

/// <summary>Keeps the read-aloud choices made on an exercise step, for this account on every device.</summary>
[Authorize(Roles = Roles.Patient)]
[Route("patient/read-aloud")]
public sealed class ReadAloudController(ReadAloudPreferences preferences) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Save(bool on, string? voice, int? speed, bool sounds)
    {
        var problem = await preferences.SaveAsync(User.UserId()!, on, voice, speed ?? ReadAloudPreference.DefaultSpeed, sounds);
        return problem is null ? NoContent() : BadRequest(new { problem });
    }
}
