using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.Testing;

/// <summary>Reads email the way its recipient will get it: a body holding a secret link is opened as delivery opens it.</summary>
public static class Mailbox
{
    /// <summary>The text of the newest email queued to an address.</summary>
    public static async Task<string> LatestEmailToAsync(this WebApplicationFactory<Program> site, string to, string? subjectContains = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var message = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .Where(m => m.To == to && (subjectContains == null || m.Subject.Contains(subjectContains)))
            .OrderByDescending(m => m.CreatedAt).FirstAsync();
        return scope.ServiceProvider.GetRequiredService<SealedMail>().BodyToSend(message);
    }

    /// <summary>
    /// The messages in a pickup folder addressed to one person. The demo patients on a test site get their own email
    /// (the 20:00 diary reminder, for one), so a test reads only its own recipient's mail, never "the first file".
    /// </summary>
    public static async Task<List<MimeKit.MimeMessage>> PickedUpForAsync(string pickupFolder, string to)
    {
        var messages = new List<MimeKit.MimeMessage>();
        foreach (var file in Directory.GetFiles(pickupFolder, "*.eml").Order(StringComparer.Ordinal))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
                messages.Add(message);
        }
        return messages;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the first message to one person in a pickup folder; empty if none came.</summary>
    public static async Task<List<MimeKit.MimeMessage>> WaitForPickedUpAsync(string pickupFolder, string to, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = await PickedUpForAsync(pickupFolder, to);
            if (messages.Count > 0 || DateTime.UtcNow >= deadline)
                return messages;
            await Task.Delay(100);
        }
    }

    /// <summary>Follows an emailed link as a browser does: the site takes the secret off the address (303) into a cookie.</summary>
    public static async Task<string> FollowEmailLinkAsync(this HttpClient client, string link)
    {
        var uri = new Uri(link);
        var response = await client.GetAsync(uri.PathAndQuery);
        return response.StatusCode == System.Net.HttpStatusCode.SeeOther ? response.Headers.Location!.OriginalString
            : throw new InvalidOperationException($"{uri.AbsolutePath} answered {(int)response.StatusCode}, not 303");
    }
}
