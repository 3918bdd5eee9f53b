using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>Opening an in-app notice marks it read and follows its link.</summary>
[Route("patient/notices")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class NoticesController(AppDbContext db, TimeProvider clock) : PatientControllerBase
{
    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Open(Guid id)
    {
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == id && n.UserId == State.Patient.UserId);
        if (notice is null)
            return NotFound();
        notice.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync();
        return Url.IsLocalUrl(notice.Link) ? Redirect(notice.Link) : Redirect("/patient");
    }
}
