using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Operations;

/// <summary>Which list of problems the operations page shows.</summary>
public enum ProblemList
{
    FailedEvents,
    OverdueEvents,
    DeadLetters,
    DelayedMail,
}

public sealed record ProblemEvent(Guid Id, Guid EnrolmentId, string Patient, ScheduledEventKind Kind, int? Week, ScheduledEventStatus Status,
    DateTimeOffset DueAt, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt);

public sealed record ProblemMail(Guid Id, string To, string Subject, DateTimeOffset CreatedAt, int Attempts, string? LastError,
    DateTimeOffset NextAttemptAt, DateTimeOffset? DeadLetteredAt);

public sealed record ProblemPage(ProblemList List, ScheduledEventKind? Kind, int Page, IReadOnlyList<ProblemEvent> Events,
    IReadOnlyList<ProblemMail> Mail, bool HasMore);

/// <summary>
/// The operations page's lists, a page at a time: events oldest due first (optionally of one kind), email oldest first.
/// The rows come from <see cref="OperationsStatus"/>'s rules; each page reads at most one page and one row more.
/// </summary>
public sealed class OperationsLists(AppDbContext db, OperationsStatus status, TimeProvider clock)
{
    public const int PageSize = 50;

    public static string Slug(ProblemList list) => list switch
    {
        ProblemList.OverdueEvents => "overdue",
        ProblemList.DeadLetters => "dead-letters",
        ProblemList.DelayedMail => "delayed-mail",
        _ => "failed",
    };

    public static ProblemList? Parse(string? slug) => slug switch
    {
        "failed" => ProblemList.FailedEvents,
        "overdue" => ProblemList.OverdueEvents,
        "dead-letters" => ProblemList.DeadLetters,
        "delayed-mail" => ProblemList.DelayedMail,
        _ => null,
    };

    /// <summary>The list to show when none is asked for: the first with something in it, failed events first.</summary>
    public static ProblemList Default(OperationsSummary summary) =>
        summary.FailedEvents > 0 ? ProblemList.FailedEvents
        : summary.OverdueEvents > 0 ? ProblemList.OverdueEvents
        : summary.DeadLetters > 0 ? ProblemList.DeadLetters
        : summary.DelayedMail > 0 ? ProblemList.DelayedMail
        : ProblemList.FailedEvents;

    public async Task<ProblemPage> ReadAsync(ProblemList list, ScheduledEventKind? kind, int page)
    {
        page = Math.Clamp(page, 1, 10_000);
        var skip = (page - 1) * PageSize;
        if (list is ProblemList.FailedEvents or ProblemList.OverdueEvents)
        {
            var events = list == ProblemList.FailedEvents ? status.FailedEvents() : status.OverdueEvents(clock.GetUtcNow());
            if (kind is { } only)
                events = events.Where(e => e.Kind == only);
            var rows = await (from e in events.OrderBy(e => e.DueAt).ThenBy(e => e.Id).Skip(skip).Take(PageSize + 1)
                              join enrolment in db.Enrolments on e.EnrolmentId equals enrolment.Id
                              join patient in db.Patients on enrolment.PatientId equals patient.Id
                              join user in db.Users on patient.UserId equals user.Id
                              orderby e.DueAt, e.Id
                              select new ProblemEvent(e.Id, e.EnrolmentId, user.DisplayName, e.Kind, e.Week, e.Status, e.DueAt, e.Attempts, e.LastError, e.NextAttemptAt))
                .ToListAsync();
            return new ProblemPage(list, kind, page, rows.Take(PageSize).ToList(), [], rows.Count > PageSize);
        }
        var mail = list == ProblemList.DeadLetters
            ? status.DeadLetters().OrderByDescending(m => m.DeadLetteredAt)
            : status.DelayedMail().OrderBy(m => m.CreatedAt);
        var messages = await mail.ThenBy(m => m.Id).Skip(skip).Take(PageSize + 1)
            .Select(m => new ProblemMail(m.Id, m.To, m.Subject, m.CreatedAt, m.Attempts, m.LastError, m.NextAttemptAt, m.DeadLetteredAt))
            .ToListAsync();
        return new ProblemPage(list, null, page, [], messages.Take(PageSize).ToList(), messages.Count > PageSize);
    }
}
