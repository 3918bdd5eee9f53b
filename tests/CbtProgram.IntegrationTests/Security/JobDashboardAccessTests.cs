using System.Net;

namespace CbtProgram.IntegrationTests.Security;

public sealed class JobDashboardAccessTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task Dashboard_WhenAnonymous_SendsToSignIn()
    {
        var response = await site.CreateBrowserLikeClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("patient@example.org")]
    [InlineData("therapist@example.org")]
    public async Task Dashboard_ForPatientsAndTherapists_IsForbidden(string email)
    {
        var client = await site.SignedInAsAsync(email);

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_ForAdmin_ShowsTheJobServer()
    {
        var client = await site.SignedInAsAsync("admin@example.org");

        var response = await client.GetAsync("/hangfire/servers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("CbtProgram jobs", await response.Content.ReadAsStringAsync());
    }
}
