using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>The email the site has queued and sent, newest first; with no SMTP server it is also in the pickup folder.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/mail")]
public sealed class MailController(AppDbContext db, MailOptions options) : Controller
{
    public const int Shown = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(Shown).ToListAsync();
        return View(new MailViewModel(messages, string.IsNullOrWhiteSpace(options.SmtpHost) ? options.PickupFolder : null, options.SmtpHost));
    }
}

public sealed record MailViewModel(IReadOnlyList<OutboxMessage> Messages, string? PickupFolder, string? SmtpHost);
