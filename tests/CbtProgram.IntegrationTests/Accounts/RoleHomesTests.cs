using System.Net;

namespace CbtProgram.IntegrationTests.Accounts;

public sealed class RoleHomesTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task PatientHome_ShowsTheAssignedTherapistAndTheCrisisLink()
    {
        var client = await site.SignedInAsAsync("patient@example.org");

        var html = await client.GetStringAsync("/patient");

        Assert.Contains("Hello, Sam Patient", html);
        Assert.Contains("Dr Robin Taylor", html);
        Assert.Contains("href=\"/crisis\"", html);
    }

    [Fact]
    public async Task TherapistCaseload_ListsTheAssignedPatient()
    {
        var client = await site.SignedInAsAsync("therapist@example.org");

        var html = await client.GetStringAsync("/therapist");

        Assert.Contains("Sam Patient", html);
        Assert.DoesNotContain("href=\"/crisis\"", html);
    }

    [Fact]
    public async Task AdminAccounts_ListsEveryDemoAccountWithItsRole()
    {
        var client = await site.SignedInAsAsync("admin@example.org");

        var html = await client.GetStringAsync("/admin");

        Assert.Contains("admin@example.org", html);
        Assert.Contains("therapist@example.org", html);
        Assert.Contains("patient@example.org", html);
        Assert.Contains("Therapist", html);
    }

    [Theory]
    [InlineData("patient@example.org", "/therapist")]
    [InlineData("patient@example.org", "/admin")]
    [InlineData("therapist@example.org", "/admin")]
    [InlineData("therapist@example.org", "/patient")]
    [InlineData("admin@example.org", "/patient")]
    public async Task RoleHome_OfAnotherRole_IsForbiddenWithAFriendlyPage(string email, string path)
    {
        var client = await site.SignedInAsAsync(email);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This page is not for your account", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CrisisPage_IsOpenWithoutSigningIn()
    {
        var response = await site.CreateBrowserLikeClient().GetAsync("/crisis");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("emergency number", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPage_ShowsFriendly404WithAWayBack()
    {
        var response = await site.CreateBrowserLikeClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("We could not find that page", html);
        Assert.Contains("href=\"/\"", html);
    }
}
