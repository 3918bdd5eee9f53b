using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications;

/// <summary>Queues email (and push notifications) under a unique key, with its priority; <see cref="OutboxDelivery"/> sends email, <c>Push/PushDelivery</c> pushes.</summary>
public sealed class Outbox(AppDbContext db, MailDeliveryTrigger delivery, TimeProvider clock, SealedMail sealedMail)
{
    /// <summary>
    /// Adds the message unless one with the same key exists; returns false when it was already queued. Its priority
    /// comes from the key (<see cref="MailPriorities.ForKey"/>) unless given.
    /// </summary>
    /// <remarks>Inside a transaction pass deliverNow: false, and call <see cref="TriggerDelivery"/> after committing.</remarks>
    public Task<bool> EnqueueAsync(string key, string to, string subject, string body, bool deliverNow = true, MailPriority? priority = null) =>
        InsertAsync(key, to, subject, body, null, deliverNow, priority);

    /// <summary>
    /// Queues a push notification for one device (<c>Push/PushDelivery</c> sends it), not before <paramref name="sendAt"/>
    /// (the end of the patient's quiet hours). It is queued as of then, so a planned wait never counts as lateness in the
    /// outbox's age (operations page, health). Returns false when the key was already queued.
    /// </summary>
    public Task<bool> EnqueuePushAsync(string key, string device, string text, string payload, DateTimeOffset sendAt, MailPriority? priority = null) =>
        InsertAsync(key, device, text, payload, null, deliverNow: false, priority, OutboxChannel.Push, sendAt);

    /// <summary>
    /// Queues an email whose body holds a secret link (set a password, accept an invitation): the stored body has its
    /// links redacted, which is all that <c>/admin/mail</c>, dead letters and the database show; the whole body is kept
    /// only encrypted (<see cref="SealedMail"/>) and opened at send time.
    /// </summary>
    public Task<bool> EnqueueWithSecretLinkAsync(string key, string to, string subject, string body, bool deliverNow = true) =>
        InsertAsync(key, to, subject, SealedMail.Redact(body), sealedMail.Seal(body), deliverNow, null);

    private async Task<bool> InsertAsync(string key, string to, string subject, string body, string? sealedBody, bool deliverNow, MailPriority? priority,
        OutboxChannel channel = OutboxChannel.Email, DateTimeOffset? sendAt = null)
    {
        var now = sendAt is { } later && later > clock.GetUtcNow() ? later : clock.GetUtcNow();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages ("Id", "Key", "To", "Subject", "Body", "SealedBody", "Priority", "CreatedAt", "NextAttemptAt", "Attempts", "Channel")
            VALUES ({Guid.NewGuid()}, {key}, {to}, {subject}, {body}, {sealedBody}, {(int)(priority ?? MailPriorities.ForKey(key))}, {now}, {now}, 0, {(int)channel})
            ON CONFLICT ("Key") DO NOTHING
            """);
        if (inserted == 1 && deliverNow)
            TriggerDelivery();
        return inserted == 1;
    }

    /// <summary>Asks a Hangfire worker to send what is waiting now, rather than at the next minute.</summary>
    public void TriggerDelivery() => delivery.Trigger();
}

/// <summary>
/// Encrypts email bodies that hold a secret link (Data Protection, its own purpose), so neither the database, a backup
/// nor an admin reading <c>/admin/mail</c> can take the link; only delivery opens them, just before sending.
/// </summary>
public sealed partial class SealedMail(IDataProtectionProvider protection)
{
    public const string RedactedLink = "[private link: only the recipient's email shows it]";

    private readonly IDataProtector _protector = protection.CreateProtector("CbtProgram.Outbox.SealedBody.v1");

    public string Seal(string body) => _protector.Protect(body);

    /// <summary>The text to send: the sealed body when there is one, else the stored body.</summary>
    /// <exception cref="CryptographicException">The key that sealed it is gone: the message can never be sent as written.</exception>
    public string BodyToSend(OutboxMessage message) => message.SealedBody is null ? message.Body : _protector.Unprotect(message.SealedBody);

    public static string Redact(string body) => Link().Replace(body, RedactedLink);

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
