using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CbtProgram.IntegrationTests.App;

/// <summary>What makes the site installable: the manifest and its icons, the favicon, the offline page and the files kept for it.</summary>
public sealed class AppFilesTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task Manifest_IsServedAsAManifest_AndEveryIconItNamesExists()
    {
        var client = site.CreateBrowserLikeClient();

        var response = await client.GetAsync("/manifest.webmanifest");
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("standalone", manifest.RootElement.GetProperty("display").GetString());
        Assert.Equal("/", manifest.RootElement.GetProperty("start_url").GetString());
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("purpose").GetString() == "maskable");
        foreach (var icon in icons)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(icon.GetProperty("src").GetString())).StatusCode);
    }

    [Fact]
    public async Task Favicon_ServiceWorker_AndThePushWorkerItLoads_AreServed()
    {
        var client = site.CreateBrowserLikeClient();

        var favicon = await client.GetAsync("/favicon.ico");
        var worker = await client.GetStringAsync("/service-worker.js");

        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        Assert.StartsWith("importScripts('/js/push-worker.js');", worker);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/js/push-worker.js")).StatusCode);
    }

    [Fact]
    public async Task OfflinePage_ShowsTheCrisisContacts_AndNamesNoOneEvenWhenFetchedSignedIn()
    {
        var patient = await site.SignedInAsAsync("patient@example.org");

        var html = await patient.GetStringAsync("/offline");
        var visitor = await site.CreateBrowserLikeClient().GetStringAsync("/offline");

        Assert.Contains("You're offline", visitor);
        Assert.Contains("href=\"tel:", visitor);
        Assert.Contains("Your diary", visitor);
        Assert.DoesNotContain("Sign out", visitor);
        Assert.Contains("Sign out", html); // what the service worker avoids by fetching it without cookies
    }

    [Fact]
    public async Task Precache_ListsOnlyFilesThatExist_WithTheirVersions_AndTheOfflinePage()
    {
        var client = site.CreateBrowserLikeClient();

        var list = await client.GetFromJsonAsync<Precache>("/app/precache");

        Assert.NotNull(list);
        Assert.Equal(12, list.Version.Length);
        Assert.Contains(list.Urls, u => u.StartsWith("/css/site.css?v=", StringComparison.Ordinal));
        Assert.Equal(["/offline"], list.Pages);
        foreach (var url in list.Urls.Concat(list.Pages))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    private sealed record Precache(string Version, List<string> Urls, List<string> Pages);
}
