using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications;

public enum MailStatus
{
    All,
    /// <summary>Not sent yet, and nothing has gone wrong with it.</summary>
    Waiting,
    /// <summary>Not sent yet after a failure; it will be tried again.</summary>
    Failed,
    DeadLettered,
    Sent,
}

public sealed record MailCounts(int Waiting, int Failed, int DeadLettered);

public sealed record MailLogPage(MailStatus Status, int Page, IReadOnlyList<OutboxMessage> Messages, bool HasOlder, MailCounts Counts);

/// <summary>The email list for admins, a page at a time, by status: what waits in the order it will leave, the rest newest first.</summary>
public sealed class MailLog(AppDbContext db)
{
    public const int PageSize = 50;

    public static MailStatus Parse(string? status) => status switch
    {
        "waiting" => MailStatus.Waiting,
        "failed" => MailStatus.Failed,
        "dead-lettered" => MailStatus.DeadLettered,
        "sent" => MailStatus.Sent,
        _ => MailStatus.All,
    };

    public static string Slug(MailStatus status) => status switch
    {
        MailStatus.Waiting => "waiting",
        MailStatus.Failed => "failed",
        MailStatus.DeadLettered => "dead-lettered",
        MailStatus.Sent => "sent",
        _ => "all",
    };

    public async Task<MailLogPage> ReadAsync(MailStatus status, int page)
    {
        page = Math.Clamp(page, 1, 100_000);
        var messages = db.OutboxMessages.AsNoTracking();
        var unsent = messages.Where(m => m.SentAt == null && m.DeadLetteredAt == null);
        var query = status switch
        {
            MailStatus.Waiting => unsent.Where(m => m.LastError == null).OrderBy(m => m.Priority).ThenBy(m => m.CreatedAt),
            MailStatus.Failed => unsent.Where(m => m.LastError != null).OrderBy(m => m.Priority).ThenBy(m => m.CreatedAt),
            MailStatus.DeadLettered => messages.Where(m => m.DeadLetteredAt != null).OrderByDescending(m => m.DeadLetteredAt),
            MailStatus.Sent => messages.Where(m => m.SentAt != null).OrderByDescending(m => m.CreatedAt),
            _ => messages.OrderByDescending(m => m.CreatedAt),
        };
        var rows = await query.ThenBy(m => m.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync();
        // Each count reads one partial index, so it stays quick however much mail has been sent.
        var byError = await unsent.GroupBy(m => m.LastError != null).Select(g => new { Failed = g.Key, Count = g.Count() }).ToListAsync();
        var dead = await messages.CountAsync(m => m.DeadLetteredAt != null);
        var counts = new MailCounts(byError.Where(g => !g.Failed).Sum(g => g.Count), byError.Where(g => g.Failed).Sum(g => g.Count), dead);
        return new MailLogPage(status, page, rows.Take(PageSize).ToList(), rows.Count > PageSize, counts);
    }
}
