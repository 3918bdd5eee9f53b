using System.Net;

namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>
/// Behind a TLS proxy the site believes X-Forwarded-Proto and X-Forwarded-For only from the proxy's configured address
/// or network: then the request counts as https (HSTS for a year, Secure cookies) from the real client; from anyone else
/// the same headers change nothing.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.5";
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Proxy:KnownProxies:0", Proxy)
        .WithSetting("Proxy:KnownNetworks:0", "172.30.0.0/24")
        .WithServices(ThroughAProxy.AddTo)
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData(Proxy)]
    [InlineData("172.30.0.7")]
    public async Task FromTheConfiguredProxy_ForwardedHttps_GetsHstsForAYear_FromTheRealClient(string from)
    {
        var response = await ThroughAProxy.Client(_site).SendAsync(ThroughAProxy.Forwarded(HttpMethod.Get, "/account/sign-in", from));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https 203.0.113.7", ThroughAProxy.Seen(response));
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Theory]
    [InlineData("10.0.0.9")]
    [InlineData("172.30.1.7")]
    public async Task FromAnyOtherAddress_TheSameHeaders_AreIgnored(string from)
    {
        var response = await ThroughAProxy.Client(_site).SendAsync(ThroughAProxy.Forwarded(HttpMethod.Get, "/account/sign-in", from));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"http {from}", ThroughAProxy.Seen(response));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task SigningInThroughTheProxy_SetsASecureSignInCookie()
    {
        var (answer, _) = await ThroughAProxy.SignInAsync(ThroughAProxy.Client(_site), Proxy, "patient@example.org");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        // The cookie that carries the sign-in (set with a value, not a deletion); the antiforgery and other cookies'
        // options belong to the session settings, which make every cookie Secure whatever the scheme.
        var signIn = Assert.Single(ThroughAProxy.SetCookies(answer), c => c.StartsWith("__Host-cbt.auth=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("; secure", signIn, StringComparison.OrdinalIgnoreCase);
    }
}
