using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications;

/// <summary>
/// An email given up on is never lost quietly: every admin gets an in-app notice (once per message, however often it
/// is dead-lettered), <c>/admin/mail</c> lists it, and an admin can requeue it, which is audited.
/// </summary>
public sealed class DeadLetters(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ListLink = "/admin/mail?status=dead-lettered";

    public static string NoticeKeyPrefix(Guid messageId) => $"mail-dead-letter:{messageId}:";

    /// <summary>Adds a notice for each admin not yet told of this message to the caller's unit of work.</summary>
    public async Task TellAdminsAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var keys = await NoticeKeysAsync(message.Id, cancellationToken);
        var wanted = keys.Values.ToList();
        var told = await db.Notices.Where(n => wanted.Contains(n.Key)).Select(n => n.Key).ToListAsync(cancellationToken);
        var text = $"An email could not be delivered and was set aside: \"{message.Subject}\" to {message.To}.";
        foreach (var (admin, key) in keys.Where(k => !told.Contains(k.Value)))
            db.Notices.Add(new Notice(key, admin, text.Length > 300 ? text[..299] + "…" : text, ListLink, clock.GetUtcNow()));
    }

    /// <summary>Each admin's notice key for a message: looked up by the unique key, never by scanning every notice.</summary>
    private async Task<Dictionary<string, string>> NoticeKeysAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var admins = await (from link in db.UserRoles
                            join role in db.Roles on link.RoleId equals role.Id
                            where role.Name == Roles.Admin
                            select link.UserId).ToListAsync(cancellationToken);
        return admins.Distinct().ToDictionary(admin => admin, admin => NoticeKeyPrefix(messageId) + admin);
    }

    /// <summary>
    /// Sends a message again (a dead letter, or one still failing): due now, its attempts back, its notices read.
    /// Returns a reason when it cannot be; the row is locked, so no delivery run claims it halfway.
    /// </summary>
    public async Task<string?> RequeueAsync(Guid messageId, string adminId)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var message = await db.OutboxMessages.FromSql($"""SELECT * FROM outbox_messages WHERE "Id" = {messageId} FOR UPDATE""").SingleOrDefaultAsync();
        if (message is null)
            return "That email no longer exists.";
        if (message.SentAt is not null)
            return "That email has been sent already; it is not sent twice.";
        if (message.LeasedUntil > now)
            return "That email is being sent right now; look again in a minute.";
        message.Requeue(now);
        var keys = (await NoticeKeysAsync(message.Id, CancellationToken.None)).Values.ToList();
        foreach (var notice in await db.Notices.Where(n => keys.Contains(n.Key) && n.ReadAt == null).ToListAsync())
            notice.MarkRead(now);
        audit.Record(adminId, null, "requeued email", message.Id.ToString());
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return null;
    }
}
