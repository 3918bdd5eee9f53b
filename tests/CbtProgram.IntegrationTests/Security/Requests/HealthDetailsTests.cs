using System.Net;
using System.Text.Json;

namespace CbtProgram.IntegrationTests.Security.Requests;

/// <summary>/healthz tells the internet only whether the site is up; the checks and their reasons go to admins and the machine itself.</summary>
public sealed class HealthDetailsTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private const string Stranger = "203.0.113.60";

    [Fact]
    public async Task Healthz_FromAnotherAddress_ShowsOnlyTheOverallStatus()
    {
        var response = await TestClientAddress.From(site.CreateBrowserLikeClient(), Stranger).GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.TryGetProperty("checks", out _));
        Assert.Single(json.RootElement.EnumerateObject());
    }

    [Fact]
    public async Task Healthz_ForAPatientFromAnotherAddress_ShowsOnlyTheOverallStatus()
    {
        var patient = TestClientAddress.From(await site.SignedInAsAsync("patient@example.org"), Stranger);

        using var json = JsonDocument.Parse(await patient.GetStringAsync("/healthz"));

        Assert.False(json.RootElement.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task Healthz_ForAnAdminFromAnotherAddress_ShowsEveryCheck()
    {
        var admin = TestClientAddress.From(await site.SignedInAsAsync("admin@example.org"), Stranger);

        using var json = JsonDocument.Parse(await admin.GetStringAsync("/healthz"));

        AssertDetails(json);
    }

    [Fact]
    public async Task Healthz_FromTheMachineItself_ShowsEveryCheck()
    {
        using var json = JsonDocument.Parse(await TestClientAddress.From(site.CreateBrowserLikeClient(), "::1").GetStringAsync("/healthz"));

        AssertDetails(json);
    }

    [Fact]
    public async Task Liveness_FromAnotherAddress_AnswersWithoutSigningIn()
    {
        var response = await TestClientAddress.From(site.CreateBrowserLikeClient(), Stranger).GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static void AssertDetails(JsonDocument json)
    {
        var checks = json.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "jobStorage", "operations" })
            Assert.True(checks.TryGetProperty(name, out var check) && check.TryGetProperty("description", out _), name);
    }
}
