using CbtProgram.Web.Accounts;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Operations;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CbtProgram.Web.Areas.Admin.Controllers;

/// <summary>
/// How delivery is doing: late and failed events, delayed and dead-lettered email, job servers; with Retry and Requeue.
/// The rules and queries live in <see cref="OperationsStatus"/> and <see cref="OperationsLists"/>.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("admin/operations")]
public sealed class OperationsController(OperationsStatus status, OperationsLists lists, EventRerun rerun, DeadLetters deadLetters, Outbox outbox) : Controller
{
    public const string Path = "/admin/operations";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? show, string? kind, int page = 1)
    {
        var summary = await status.ReadSummaryAsync();
        var list = OperationsLists.Parse(show) ?? OperationsLists.Default(summary);
        ScheduledEventKind? eventKind = Enum.TryParse<ScheduledEventKind>(kind, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        var problems = await lists.ReadAsync(list, eventKind, page);
        return View(new OperationsViewModel(summary, status.Problems(summary), problems));
    }

    [HttpPost("events/{eventId:guid}/retry")]
    public async Task<IActionResult> Retry(Guid eventId, string? show, string? kind)
    {
        TempData["Notice"] = await rerun.RunAsync(eventId, enrolmentId: null, User.UserId()!);
        return Redirect(Back(show, kind));
    }

    [HttpPost("mail/{messageId:guid}/requeue")]
    public async Task<IActionResult> Requeue(Guid messageId, string? show)
    {
        var problem = await deadLetters.RequeueAsync(messageId, User.UserId()!);
        if (problem is null)
            outbox.TriggerDelivery();
        TempData["Notice"] = problem ?? "The email is queued again and will be sent within a minute.";
        return Redirect(Back(show, kind: null));
    }

    private static string Back(string? show, string? kind) =>
        $"{Path}?show={OperationsLists.Slug(OperationsLists.Parse(show) ?? ProblemList.FailedEvents)}"
        + (Enum.TryParse<ScheduledEventKind>(kind, out var parsed) && Enum.IsDefined(parsed) ? $"&kind={parsed}" : "");
}

public sealed record OperationsViewModel(OperationsSummary Summary, IReadOnlyList<string> Problems, ProblemPage List);
