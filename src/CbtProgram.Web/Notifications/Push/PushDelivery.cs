using System.Net;
using CbtProgram.Web.Data;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>
/// Sends the push notifications the outbox holds, with the outbox's own rules (<see cref="OutboxClaims"/>: claimed with a
/// lease, never by two runs; <see cref="OutboxMessage.Fail"/>: attempts, backoff, dead letters), encrypted for each
/// device (RFC 8291) and signed with the site's VAPID key (RFC 8292) by Lib.Net.Http.WebPush. No database transaction
/// is open while a push service is asked.
/// <list type="bullet">
/// <item>Accepted: the message is sent, the device's last success recorded.</item>
/// <item>404 or 410 from the push service: the device has gone (unsubscribed, uninstalled, expired). It is removed, and with
/// it every push still waiting for it; nothing else is tried there again.</item>
/// <item>A device turned off meanwhile: its waiting push is dropped the same way.</item>
/// <item>Any other failure (unreachable, 429, 5xx): an attempt, and the outbox's backoff; 400, 401, 403 and 413 can never
/// succeed as sent and are dead-lettered at once.</item>
/// <item>Due inside the patient's quiet hours (they changed them, or a retry came due at night): it waits until they end,
/// charged nothing.</item>
/// </list>
/// </summary>
public sealed class PushDelivery(AppDbContext db, VapidKeyStore vapid, PushOptions options, DeadLetters deadLetters, IHttpClientFactory http, TimeProvider clock,
    ILogger<PushDelivery> logger)
{
    public const int ClaimSize = 20;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    public const string HttpClientName = "web-push";

    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        PushServiceClient? client = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var leasedUntil = now + Lease + options.Timeout;
            var batch = await OutboxClaims.ClaimAsync(db, OutboxChannel.Push, now, leasedUntil, ClaimSize, cancellationToken);
            if (batch.Count == 0)
                break;
            client ??= await ClientAsync(cancellationToken);
            sent += await SendAsync(client, batch, leasedUntil, cancellationToken);
            db.ChangeTracker.Clear();
        }
        return sent;
    }

    private async Task<PushServiceClient> ClientAsync(CancellationToken cancellationToken)
    {
        var keys = await vapid.GetAsync(cancellationToken);
        return new PushServiceClient(http.CreateClient(HttpClientName))
        {
            DefaultAuthentication = new VapidAuthentication(keys.PublicKey, keys.PrivateKey) { Subject = options.Subject },
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
            DefaultTimeToLive = (int)options.TimeToLive.TotalSeconds,
            AutoRetryAfter = false,
        };
    }

    private async Task<int> SendAsync(PushServiceClient client, List<OutboxMessage> batch, DateTimeOffset leasedUntil, CancellationToken cancellationToken)
    {
        var ids = batch.Select(m => PushDevice.IdFromAddress(m.To)).OfType<Guid>().ToList();
        var devices = await db.PushDevices.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var quiet = await ReminderPreferences.QuietHoursAsync(db, devices.Values.Select(d => d.PatientId).Distinct().ToList(), cancellationToken);
        var sent = 0;
        var tried = 0;
        try
        {
            foreach (var message in batch)
            {
                if (cancellationToken.IsCancellationRequested || clock.GetUtcNow() + options.Timeout > leasedUntil)
                    break;
                tried++;
                if (PushDevice.IdFromAddress(message.To) is not { } deviceId || !devices.TryGetValue(deviceId, out var device))
                {
                    await DropAsync(message, "its device was turned off");
                    continue;
                }
                var (hours, zone) = quiet[device.PatientId];
                if (hours.NextAllowed(clock.GetUtcNow(), zone) is var allowed && allowed > clock.GetUtcNow())
                {
                    message.Defer("held for quiet hours", allowed);
                    await db.SaveChangesAsync(CancellationToken.None);
                    continue;
                }
                if (await TrySendAsync(client, device, message, cancellationToken) is not { } failure)
                {
                    message.MarkSent(clock.GetUtcNow());
                    device.Delivered(clock.GetUtcNow());
                    await db.SaveChangesAsync(CancellationToken.None);
                    sent++;
                }
                else if (failure.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                    await RemoveDeviceAsync(device, message);
                else
                    await FailAsync(message, failure.Error, failure.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                        or HttpStatusCode.Forbidden or HttpStatusCode.RequestEntityTooLarge);
            }
        }
        finally
        {
            if (tried < batch.Count)
                await OutboxClaims.ReleaseAsync(db, batch[tried..], leasedUntil, logger);
        }
        return sent;
    }

    private async Task<(HttpStatusCode? Status, string Error)?> TrySendAsync(PushServiceClient client, PushDevice device, OutboxMessage message, CancellationToken cancellationToken)
    {
        var subscription = new PushSubscription { Endpoint = device.Endpoint, Keys = new Dictionary<string, string> { ["p256dh"] = device.P256dh, ["auth"] = device.Auth } };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await client.RequestPushMessageDeliveryAsync(subscription, new PushMessage(message.Body) { Urgency = PushMessageUrgency.Normal }, timeout.Token);
            return null;
        }
        catch (PushServiceClientException e)
        {
            return (e.StatusCode, $"The push service answered {(int)e.StatusCode}: {e.Message}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or ArgumentException)
        {
            return (null, $"The push service could not be reached: {e.Message}");
        }
    }

    /// <summary>The device has gone: it is removed with everything still waiting for it (this message included).</summary>
    private async Task RemoveDeviceAsync(PushDevice device, OutboxMessage message)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await PushDevices.RemoveAsync(db, device.Id);
        await transaction.CommitAsync(CancellationToken.None);
        db.Entry(message).State = EntityState.Detached;
        db.Entry(device).State = EntityState.Detached;
        logger.LogInformation("Push device {DeviceId} has gone (the push service answered 404/410); it was removed", device.Id);
    }

    private async Task DropAsync(OutboxMessage message, string why)
    {
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.SentAt == null).ExecuteDeleteAsync(CancellationToken.None);
        db.Entry(message).State = EntityState.Detached;
        logger.LogInformation("Push {MessageId} was dropped: {Why}", message.Id, why);
    }

    private async Task FailAsync(OutboxMessage message, string error, bool hopeless)
    {
        message.Fail(error, clock.GetUtcNow(), hopeless, Random.Shared.NextDouble());
        if (message.DeadLetteredAt is not null)
            await deadLetters.TellAdminsAsync(message, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogWarning("Push {MessageId} failed (attempt {Attempts}{DeadLettered}): {Error}", message.Id, message.Attempts,
            message.DeadLetteredAt is null ? "" : ", dead-lettered", message.LastError);
    }
}
