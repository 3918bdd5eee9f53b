using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;

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

    private sealed record TextValue(string Column, string Text);

    /// <summary>Every value of every text-like column of every table in the site's database (Hangfire's too).</summary>
    private async Task<List<TextValue>> EveryTextValueAsync()
    {
        await using var connection = new NpgsqlConnection(Site.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var find = new NpgsqlCommand("""
            SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            """, connection))
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        Assert.Contains(columns, c => c.Table == "outbox_messages" && c.Column == "SealedBody");
        Assert.Contains(columns, c => c.Table == "AspNetUsers");
        var values = new List<TextValue>();
        foreach (var (schema, table, column) in columns)
        {
            var text = $"""SELECT "{column}"::text FROM "{schema}"."{table}" WHERE "{column}" IS NOT NULL""";
            await using var read = new NpgsqlCommand(text, connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                values.Add(new TextValue($"{schema}.{table}.{column}", reader.GetString(0)));
        }
        Assert.Contains(values, v => v.Column.EndsWith("outbox_messages.Body", StringComparison.Ordinal) && v.Text.Contains("Ivy Invited", StringComparison.Ordinal));
        return values;
    }

    private static string TokenOf(string link) => Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);
}
