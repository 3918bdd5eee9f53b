using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CbtProgram.IntegrationTests.Security.Passwords;

/// <summary>
/// No secret link can be taken from the database, a backup of it, or the admin pages: after a patient is invited, a
/// staff account made and a password forgotten, the raw tokens of the delivered emails appear in no text column of any
/// table and on no <c>/admin/mail</c> page, and the emailed links still work.
/// </summary>
public sealed class TokenSecrecyTests : PickupFolderTest
{
    [Fact]
    public async Task NoTableAndNoAdminPage_HoldsATokenFromAnEmailedLink_AndTheLinksStillWork()
    {
        var therapist = await Site.SignedInAsAsync("therapist@example.org");
        var admin = await Site.SignedInAsAsync("admin@example.org");
        await therapist.PostFormAsync("/therapist/invite", "/therapist/invite", [new("Name", "Ivy Invited"), new("Email", "ivy.invited@example.org")]);
        await admin.PostFormAsync("/admin/accounts/new", "/admin/accounts/new", [new("Name", "Dr Sid Staff"), new("Email", "sid.staff@example.org"), new("Role", Roles.Therapist)]);
        await Site.CreateUserAsync("rory.reset@example.org", "Rory Reset", Roles.Patient);
        await Site.CreateBrowserLikeClient().PostFormAsync("/account/forgot-password", "/account/forgot-password", [new("email", "rory.reset@example.org")]);
        var beforeSending = await EveryTextValueAsync();

        var invitation = await DeliveredLinkAsync("ivy.invited@example.org", @"http://\S+/invitations/\S+");
        var setUp = await DeliveredLinkAsync("sid.staff@example.org", @"http://\S+/account/set-password\?\S+");
        var reset = await DeliveredLinkAsync("rory.reset@example.org", @"http://\S+/account/set-password\?\S+");
        string[] tokens = [invitation[(invitation.LastIndexOf('/') + 1)..], TokenOf(setUp), TokenOf(reset)];
        Assert.All(tokens, token => Assert.True(token.Length >= 40, token));

        var afterSending = await EveryTextValueAsync();
        var mailPages = new List<string>();
        foreach (var status in new[] { "all", "waiting", "failed", "dead-lettered", "sent" })
            mailPages.Add(WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/mail?status={status}")));
        foreach (var token in tokens)
            foreach (var form in new[] { token, Uri.EscapeDataString(token) })
            {
                Assert.DoesNotContain(beforeSending.Concat(afterSending), value => value.Text.Contains(form, StringComparison.Ordinal));
                Assert.DoesNotContain(mailPages, page => page.Contains(form, StringComparison.Ordinal));
            }
        Assert.Contains(SealedMail.RedactedLink, mailPages[0]);
        Assert.Contains("Ivy Invited", mailPages[0]); // the rest of the email is still there to read

        var ivy = Site.CreateBrowserLikeClient();
        var acceptPage = await ivy.FollowEmailLinkAsync(invitation);
        var accepted = await ivy.PostFormAsync(acceptPage, acceptPage, [new("password", "ivy grows on old walls"), new("confirmPassword", "ivy grows on old walls")]);
        Assert.Equal("/patient", accepted.Headers.Location!.OriginalString);
        foreach (var (link, email, home) in new[] { (setUp, "sid.staff@example.org", "/therapist"), (reset, "rory.reset@example.org", "/patient") })
        {
            var browser = Site.CreateBrowserLikeClient();
            var form = await browser.FollowEmailLinkAsync(link);
            var set = await browser.PostFormAsync(form, form, [new("password", "copper kettle morning"), new("confirmPassword", "copper kettle morning")]);
            Assert.Equal("/account/sign-in", set.Headers.Location!.OriginalString);
            Assert.Equal(home, (await Site.CreateBrowserLikeClient().SignInAsync(email, "copper kettle morning")).Headers.Location!.OriginalString);
        }
    }

    /// <summary>Sends what waits (as the delivery job does) until the address's email is in the pickup folder; returns its link.</summary>
    private async Task<string> DeliveredLinkAsync(string to, string pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var file in Directory.GetFiles(Pickup, "*.eml"))
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => m.Address == to) && Regex.Match(message.TextBody ?? "", pattern) is { Success: true } link)
                    return link.Value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No email with a link reached {to}");
            await using var scope = Site.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverPendingAsync();
            await Task.Delay(100);
        }
    }

    /// <summary>Every text value in the site's database, checked to include the places a leak would be.</summary>
    private async Task<List<DatabaseText.Value>> EveryTextValueAsync()
    {
        var values = await DatabaseText.EveryValueAsync(Site.ConnectionString);
        Assert.Contains(values, v => v.Column.EndsWith("outbox_messages.SealedBody", StringComparison.Ordinal));
        Assert.Contains(values, v => v.Column.Contains(".AspNetUsers.", StringComparison.Ordinal));
        Assert.Contains(values, v => v.Column.EndsWith("outbox_messages.Body", StringComparison.Ordinal) && v.Text.Contains("Ivy Invited", StringComparison.Ordinal));
        return values;
    }

    private static string TokenOf(string link) => Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);
}
