using System.Net;

namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>The site as Production runs it: plain HTTP is sent to HTTPS, the proxy's forwarded https is served with HSTS, health probes are answered as they are.</summary>
public sealed class ProductionHttpsTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.5";
    private readonly string _keys = Directory.CreateTempSubdirectory("cbt-keys-").FullName;
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync()
    {
        foreach (var (key, value) in KeyEncryptionCertificate.ProductionSettings(KeyEncryptionCertificate.Create(_keys)))
            _site.WithSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
        return _site
            .WithSetting("environment", "Production")
            .WithSetting("Demo:Seed", "false")
            .WithSetting("Proxy:KnownProxies:0", Proxy)
            .WithServices(ThroughAProxy.AddTo)
            .InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedPermanentlyToHttps_SamePathAndQuery()
    {
        var response = await ThroughAProxy.Client(_site).GetAsync("/account/sign-in?returnUrl=%2Fpatient");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://cbt.example.org/account/sign-in?returnUrl=%2Fpatient", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task HttpsFromTheProxy_IsServed_WithHsts()
    {
        var response = await ThroughAProxy.Client(_site).SendAsync(ThroughAProxy.Forwarded(HttpMethod.Get, "/account/sign-in", Proxy));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task ForwardedHttpsFromAnUnknownAddress_IsStillRedirected()
    {
        var response = await ThroughAProxy.Client(_site).SendAsync(ThroughAProxy.Forwarded(HttpMethod.Get, "/account/sign-in", "10.0.0.9"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
    }

    [Fact]
    public async Task TheLivenessProbe_OverPlainHttp_IsAnswered()
    {
        var response = await ThroughAProxy.Client(_site, "web:8080").GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
