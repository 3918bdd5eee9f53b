using System.Net;

namespace CbtProgram.IntegrationTests.Security;

public sealed class RequestProtectionTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRefusedAndSignsNobodyIn()
    {
        var client = site.CreateBrowserLikeClient();

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "admin@example.org",
            ["Password"] = SignedInClient.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    [InlineData("/crisis")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var response = await site.CreateBrowserLikeClient().GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_LoadNothingFromOtherSites()
    {
        var client = await site.SignedInAsAsync("patient@example.org");

        var html = await client.GetStringAsync("/patient");

        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Contains("/lib/bootstrap/css/bootstrap.min.css", html);
    }
}
