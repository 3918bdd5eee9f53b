using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications;

/// <summary>At the top of every page an admin sees: their unread notices (email given up on), newest first, until opened.</summary>
public sealed class AdminNoticesViewComponent(AppDbContext db) : ViewComponent
{
    public const int Shown = 5;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserId()!;
        var unread = await db.Notices.AsNoTracking().Where(n => n.UserId == userId && n.ReadAt == null)
            .OrderByDescending(n => n.CreatedAt).Take(Shown + 1).ToListAsync();
        return unread.Count == 0 ? Content("") : View(unread);
    }
}
