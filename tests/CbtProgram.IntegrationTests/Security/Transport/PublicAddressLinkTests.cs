using System.Net;

namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>
/// Links that leave the site (an invitation email, the calendar feed) are built from the configured public address,
/// never from the request's Host header, which anyone can set: otherwise an invitation could carry its token to a
/// stranger's server.
/// </summary>
public sealed class PublicAddressLinkTests : IAsyncLifetime
{
    private const string PublicAddress = "https://cbt.example.org";
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Mail:SiteUrl", PublicAddress).InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task AnInvitationSentWithAForgedHost_LinksToThePublicAddress()
    {
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        therapist.DefaultRequestHeaders.Host = "attacker.example";

        var sent = await therapist.PostFormAsync("/therapist/invite", "/therapist/invite", [new("Name", "Hal Host"), new("Email", "hal.host@example.org")]);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var body = await _site.LatestEmailToAsync("hal.host@example.org"); // as delivered: the stored body hides the link
        Assert.Contains($"{PublicAddress}/invitations/", body, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCalendarLink_OnAForgedHost_IsOnThePublicAddress()
    {
        var patient = await _site.SignedInAsAsync("patient@example.org");
        patient.DefaultRequestHeaders.Host = "attacker.example";

        await patient.PostFormAsync("/patient/my-data", "/patient/my-data/calendar", []); // "Make my calendar link"
        var page = await patient.GetStringAsync("/patient/my-data");

        Assert.Contains($"{PublicAddress}/calendar/", page, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", page, StringComparison.Ordinal);
    }
}
