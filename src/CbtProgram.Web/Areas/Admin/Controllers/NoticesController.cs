using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>Opening an admin's in-app notice marks it read and follows its link.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/notices")]
public sealed class NoticesController(AppDbContext db, TimeProvider clock) : Controller
{
    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Open(Guid id)
    {
        var userId = User.UserId();
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId);
        if (notice is null)
            return NotFound();
        notice.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync();
        return Url.IsLocalUrl(notice.Link) ? Redirect(notice.Link) : Redirect("/admin/mail");
    }
}
