using CbtProgram.Web.Accounts;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>
/// The email the site has queued, sent, is still trying, or has given up on, a page at a time; a dead letter (or a
/// message still failing) can be sent again. With no SMTP server, sent email is also in the pickup folder.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/mail")]
public sealed class MailController(MailLog log, DeadLetters deadLetters, Outbox outbox, MailOptions options, Retention.RetentionOptions retention, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, int page = 1)
    {
        var list = await log.ReadAsync(MailLog.Parse(status), page);
        return View(new MailViewModel(list, string.IsNullOrWhiteSpace(options.SmtpHost) ? options.PickupFolder : null, options.SmtpHost, clock.GetUtcNow(), retention.SentMailBodyDays));
    }

    [HttpPost("{id:guid}/requeue")]
    public async Task<IActionResult> Requeue(Guid id, string? status)
    {
        var problem = await deadLetters.RequeueAsync(id, User.UserId()!);
        if (problem is null)
            outbox.TriggerDelivery();
        TempData["Notice"] = problem ?? "The email is queued again and will be sent within a minute.";
        return Redirect($"/admin/mail?status={MailLog.Slug(MailLog.Parse(status))}");
    }
}

public sealed record MailViewModel(MailLogPage List, string? PickupFolder, string? SmtpHost, DateTimeOffset Now, int SentMailBodyDays);
