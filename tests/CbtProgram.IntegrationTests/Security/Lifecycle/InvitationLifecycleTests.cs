using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Lifecycle;

/// <summary>One waiting invitation per address; an admin can cancel one (its link stops working) or send it again.</summary>
public sealed partial class InvitationLifecycleTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static async Task<HttpResponseMessage> InviteAsync(HttpClient therapist, string email) =>
        await therapist.PostFormAsync("/therapist/invite", "/therapist/invite", [new("Name", "Ivy Invited"), new("Email", email)]);

    private async Task<IReadOnlyList<string>> LinksToAsync(string email)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .Where(m => m.To == email).OrderBy(m => m.CreatedAt).ToListAsync();
        var mail = scope.ServiceProvider.GetRequiredService<CbtProgram.Web.Notifications.SealedMail>();
        return messages.Select(m => InvitationLink().Match(mail.BodyToSend(m)).Value).ToList();
    }

    /// <summary>Follows an emailed invitation link as a browser does (the token is exchanged into a cookie) and opens the form.</summary>
    private async Task<HttpStatusCode> OpenLinkAsync(string link)
    {
        var client = _site.CreateBrowserLikeClient();
        var form = await client.FollowEmailLinkAsync("https://localhost" + link);
        return (await client.GetAsync(form)).StatusCode;
    }

    private static async Task<Guid> PendingIdAsync(HttpClient admin)
    {
        var page = await admin.GetStringAsync("/admin/invitations");
        return Guid.Parse(Assert.Single(CancelButtons().Matches(page)).Groups[1].Value);
    }

    [Fact]
    public async Task SecondInvitation_ToAWaitingAddress_IsRefused_AndNothingIsSent()
    {
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(therapist, "twice@example.org")).StatusCode);

        var second = await InviteAsync(therapist, " TWICE@example.org ");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already has an invitation waiting", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Single(await LinksToAsync("twice@example.org"));
    }

    [Fact]
    public async Task Cancel_StopsTheLinkWorking_AndTheAddressCanBeInvitedAgain()
    {
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        await InviteAsync(therapist, "cancelled@example.org");
        var link = Assert.Single(await LinksToAsync("cancelled@example.org"));
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var id = await PendingIdAsync(admin);
        Assert.Equal(HttpStatusCode.OK, await OpenLinkAsync(link));

        await admin.PostFormAsync("/admin/invitations", $"/admin/invitations/{id}/cancel", []);

        Assert.Equal(HttpStatusCode.NotFound, await OpenLinkAsync(link));
        Assert.Contains("No invitations are waiting", await admin.GetStringAsync("/admin/invitations"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(therapist, "cancelled@example.org")).StatusCode);
    }

    [Fact]
    public async Task Resend_SendsANewLink_AndTheOldOneStopsWorking()
    {
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        await InviteAsync(therapist, "resent@example.org");
        var admin = await _site.SignedInAsAsync("admin@example.org");

        await admin.PostFormAsync("/admin/invitations", $"/admin/invitations/{await PendingIdAsync(admin)}/resend", []);

        var links = await LinksToAsync("resent@example.org");
        Assert.Equal(2, links.Count);
        Assert.NotEqual(links[0], links[1]);
        Assert.Equal(HttpStatusCode.NotFound, await OpenLinkAsync(links[0]));
        Assert.Equal(HttpStatusCode.OK, await OpenLinkAsync(links[1]));
        await PendingIdAsync(admin);
    }

    [GeneratedRegex(@"/invitations/[A-Za-z0-9_-]+")]
    private static partial Regex InvitationLink();

    [GeneratedRegex("action=\"/admin/invitations/([0-9a-f-]{36})/cancel\"")]
    private static partial Regex CancelButtons();
}
