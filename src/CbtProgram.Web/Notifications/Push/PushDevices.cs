using System.Buffers.Text;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>A patient's devices with reminders on, as the schedule page lists them.</summary>
public sealed record PushDeviceView(Guid Id, string Label, string Endpoint, DateTimeOffset CreatedAt, DateTimeOffset? LastSuccessAt);

/// <summary>
/// Turning reminders on and off per device. The browser's subscription is checked before it is stored (an https
/// endpoint on a known push service, unless settings allow others; keys of the right size), because the site will
/// later post to that address: a patient must not be able to make it call anywhere else.
/// </summary>
public sealed class PushDevices(AppDbContext db, PushOptions options, TimeProvider clock)
{
    public Task<List<PushDeviceView>> ForPatientAsync(Guid patientId) =>
        db.PushDevices.AsNoTracking().Where(d => d.PatientId == patientId).OrderBy(d => d.CreatedAt)
            .Select(d => new PushDeviceView(d.Id, d.Label, d.Endpoint, d.CreatedAt, d.LastSuccessAt)).ToListAsync();

    /// <summary>Stores this browser's subscription for the patient; returns a problem or null. The same browser again replaces its old row.</summary>
    public async Task<string?> AddAsync(Guid patientId, string? endpoint, string? p256dh, string? auth, string? userAgent)
    {
        if (Problem(endpoint, p256dh, auth) is { } problem)
            return problem;
        await using var transaction = await db.Database.BeginTransactionAsync();
        // One browser is one device, whoever had it before (a shared computer): its old row and waiting pushes go.
        foreach (var old in await db.PushDevices.Where(d => d.Endpoint == endpoint).Select(d => d.Id).ToListAsync())
            await RemoveAsync(db, old);
        db.PushDevices.Add(new PushDevice(patientId, endpoint!, p256dh!, auth!, DeviceLabels.From(userAgent), clock.GetUtcNow()));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return null;
    }

    /// <summary>Turns reminders off on one of the patient's devices; false when it is not theirs (or gone already).</summary>
    public async Task<bool> TurnOffAsync(Guid patientId, Guid deviceId)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!await db.PushDevices.AnyAsync(d => d.Id == deviceId && d.PatientId == patientId))
            return false;
        await RemoveAsync(db, deviceId);
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Removes a device and the pushes still waiting for it (sent ones stay, as the record that they were sent).</summary>
    public static async Task RemoveAsync(AppDbContext db, Guid deviceId)
    {
        var address = PushDevice.AddressOf(deviceId);
        await db.OutboxMessages.Where(m => m.Channel == OutboxChannel.Push && m.To == address && m.SentAt == null).ExecuteDeleteAsync();
        await db.PushDevices.Where(d => d.Id == deviceId).ExecuteDeleteAsync();
    }

    public string? Problem(string? endpoint, string? p256dh, string? auth)
    {
        const string tryAgain = "Your browser did not give us what we need to send reminders. Reload the page and try again.";
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Length > PushDevice.EndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            return tryAgain;
        if (!(uri.Scheme == Uri.UriSchemeHttps || (options.AllowHttpEndpoints && uri.Scheme == Uri.UriSchemeHttp)) || !options.IsKnownPushService(uri.Host))
            return "This browser uses a push service we do not send to, so reminders cannot be turned on here. Email reminders still work.";
        if (!IsKey(p256dh, 65) || !IsKey(auth, 16))
            return tryAgain;
        return null;
    }

    private static bool IsKey(string? value, int bytes)
    {
        if (string.IsNullOrEmpty(value) || value.Length > PushDevice.KeyLength)
            return false;
        try
        {
            return Base64Url.DecodeFromChars(value.TrimEnd('=')).Length == bytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>"Chrome on Android" from a user agent: enough for a patient to tell their devices apart, nothing more kept.</summary>
public static class DeviceLabels
{
    public static string From(string? userAgent)
    {
        var ua = userAgent ?? "";
        string browser = ua.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : ua.Contains("SamsungBrowser", StringComparison.Ordinal) ? "Samsung Internet"
            : ua.Contains("OPR/", StringComparison.Ordinal) ? "Opera"
            : ua.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
            : ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal) ? "Chrome"
            : ua.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
            : "A browser";
        string? system = ua.Contains("Android", StringComparison.Ordinal) ? "Android"
            : ua.Contains("iPhone", StringComparison.Ordinal) ? "iPhone"
            : ua.Contains("iPad", StringComparison.Ordinal) ? "iPad"
            : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
            : ua.Contains("Mac OS X", StringComparison.Ordinal) ? "Mac"
            : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
            : null;
        return system is null ? browser : $"{browser} on {system}";
    }
}
