using System.Text.Json;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>
/// One reminder to a patient, as every channel says it. The push text is short and says nothing clinical (no scores,
/// mood or medicine): the lock screen may be seen by anyone. <see cref="Key"/> is the outbox key without its channel
/// (<c>event:{id}:patient</c>): the email's key is <see cref="EmailKey"/> (<c>{Key}:email</c> unless a kind kept an older
/// one), each device's <c>{Key}:push:{device}</c>.
/// </summary>
public sealed record Reminder(ReminderKind Kind, string Key, string Subject, string EmailBody, string PushText, string Link, MailPriority? Priority = null)
{
    public string EmailKey { get; init; } = $"{Key}:email";
}

/// <summary>What <see cref="PatientReminders"/> needs about a patient to route a reminder: read once for many.</summary>
public sealed record ReminderAudience(Guid PatientId, string? Email, ReminderPreferences? Preferences, QuietHours Quiet, TimeZoneInfo Zone, IReadOnlyList<Guid> Devices);

/// <summary>
/// The one place that turns a reminder into outbox messages by the patient's choice (<see cref="ReminderPreferences"/>):
/// an email, a push to each of their devices, or both, each under its own unique key, so a retry queues none twice.
/// A push due in the patient's quiet hours is queued for the moment they end. A patient who chose notifications but
/// has no device turned on still gets the email, so a reminder is never lost to a choice that cannot be delivered.
/// Callers hold their own transaction and trigger delivery after committing, as with <see cref="Outbox"/>.
/// </summary>
public sealed class PatientReminders(AppDbContext db, Outbox outbox, TimeProvider clock)
{
    public const string PushTitle = "CbtProgram";

    public async Task<IReadOnlyDictionary<Guid, ReminderAudience>> AudienceAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default)
    {
        var ids = patientIds.Distinct().ToList();
        var people = await (from patient in db.Patients
                            join user in db.Users on patient.UserId equals user.Id
                            where ids.Contains(patient.Id)
                            select new { patient.Id, user.Email }).ToListAsync(cancellationToken);
        var preferences = await db.ReminderPreferences.AsNoTracking().Where(p => ids.Contains(p.PatientId)).ToDictionaryAsync(p => p.PatientId, cancellationToken);
        var devices = (await db.PushDevices.AsNoTracking().Where(d => ids.Contains(d.PatientId)).Select(d => new { d.PatientId, d.Id }).ToListAsync(cancellationToken))
            .ToLookup(d => d.PatientId, d => d.Id);
        var quiet = await ReminderPreferences.QuietHoursAsync(db, ids, cancellationToken);
        return people.ToDictionary(p => p.Id, p => new ReminderAudience(p.Id, p.Email, preferences.GetValueOrDefault(p.Id),
            quiet[p.Id].Hours, quiet[p.Id].Zone, devices[p.Id].ToList()));
    }

    /// <summary>Queues one reminder for one patient; see <see cref="QueueAsync(ReminderAudience, Reminder)"/>.</summary>
    public async Task QueueAsync(Guid patientId, Reminder reminder)
    {
        if ((await AudienceAsync([patientId])).GetValueOrDefault(patientId) is { } audience)
            await QueueAsync(audience, reminder);
    }

    /// <summary>Queues the reminder by the patient's choice for its kind; returns the channels used.</summary>
    public async Task<ReminderChannels?> QueueAsync(ReminderAudience audience, Reminder reminder)
    {
        var chosen = audience.Preferences?.ChannelFor(reminder.Kind) ?? ReminderKinds.Default;
        var push = chosen.HasFlag(ReminderChannels.Push) && audience.Devices.Count > 0;
        var email = (chosen.HasFlag(ReminderChannels.Email) || !push) && !string.IsNullOrEmpty(audience.Email);
        if (email)
            await outbox.EnqueueAsync(reminder.EmailKey, audience.Email!, reminder.Subject, reminder.EmailBody, deliverNow: false, priority: reminder.Priority);
        if (push)
        {
            var sendAt = audience.Quiet.NextAllowed(clock.GetUtcNow(), audience.Zone);
            var payload = Payload(reminder);
            foreach (var device in audience.Devices)
                await outbox.EnqueuePushAsync($"{reminder.Key}:push:{device:N}", PushDevice.AddressOf(device), reminder.PushText, payload, sendAt, reminder.Priority);
        }
        var used = (email ? ReminderChannels.Email : 0) | (push ? ReminderChannels.Push : 0);
        return used != 0 ? used : null;
    }

    /// <summary>What the service worker (wwwroot/js/push-worker.js) shows: the title, the text, the page to open, and a tag so a repeat replaces the last.</summary>
    public static string Payload(Reminder reminder) =>
        JsonSerializer.Serialize(new { title = PushTitle, body = reminder.PushText, url = reminder.Link, tag = reminder.Kind.Id });
}
