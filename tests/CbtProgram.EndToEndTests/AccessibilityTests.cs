using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CbtProgram.EndToEndTests;

/// <summary>
/// The accessibility run: every page in <see cref="SitePages"/>, in the default and the low-stimulus theme, on a phone and a
/// laptop. Each page: the expected status, the theme really applied, zero axe violations of any impact, no sideways
/// scrolling, one h1, no text under 16px, a visible focus ring on everything a keyboard reaches, and a screenshot
/// (artifacts/screenshots/a11y-{theme}-{page}-{width}.png). All problems are gathered and reported together.
/// </summary>
public sealed class AccessibilityTests(AccessibilitySite site, ITestOutputHelper output) : IClassFixture<AccessibilitySite>
{
    /// <summary>
    /// Every page of <see cref="SitePages"/>; or, to look at a few pages and their screenshots quickly, only those named in the
    /// A11Y_PAGES environment variable (comma-separated page names, such as "headache-red-flags,crisis-visitor").
    /// </summary>
    private static readonly IReadOnlyList<SitePage> Pages =
        Environment.GetEnvironmentVariable("A11Y_PAGES") is { Length: > 0 } names
            ? SitePages.All.Where(p => names.Split(',', StringSplitOptions.TrimEntries).Contains(p.Name)).ToList()
            : SitePages.All;

    [Theory]
    [InlineData(SiteTheme.Default, 360)]
    [InlineData(SiteTheme.Default, 1280)]
    [InlineData(SiteTheme.LowStimulus, 360)]
    [InlineData(SiteTheme.LowStimulus, 1280)]
    public async Task EveryPage_PassesTheAccessibilityChecks(SiteTheme theme, int width)
    {
        Assert.NotEmpty(Pages);
        var clock = Stopwatch.StartNew();
        var problems = new List<(int Order, string Text)>();
        // Two browser tabs work side by side, each signed in once per role: the browser, the site and the test mostly
        // wait on each other, so two lanes finish sooner even on two cores.
        await Task.WhenAll(Lanes(2).Select(async lane =>
        {
            foreach (var role in lane)
            {
                var page = await site.PageForAsync(role.Key, theme, width);
                foreach (var sitePage in role)
                {
                    try
                    {
                        await CheckAsync(page, sitePage, theme);
                    }
                    catch (Exception e) when (e is Xunit.Sdk.XunitException or PlaywrightException or TimeoutException)
                    {
                        lock (problems)
                            problems.Add((Pages.ToList().IndexOf(sitePage), $"{sitePage.Name} ({sitePage.Url}): {e.Message}"));
                    }
                }
                await page.Context.CloseAsync();
            }
        }));
        output.WriteLine($"{Pages.Count} pages, {theme.Name()} theme, {width}px: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(problems.Count == 0, $"{problems.Count} of {Pages.Count} pages failed in the {theme.Name()} theme at {width}px:\n"
            + string.Join("\n", problems.OrderBy(p => p.Order).Select(p => p.Text)));
    }

    /// <summary>The pages grouped by role, shared out into lanes of about the same number of pages.</summary>
    private static IEnumerable<List<IGrouping<string, SitePage>>> Lanes(int count)
    {
        var lanes = Enumerable.Range(0, count).Select(_ => new List<IGrouping<string, SitePage>>()).ToList();
        foreach (var role in Pages.GroupBy(p => p.Role).OrderByDescending(r => r.Count()))
            lanes.MinBy(lane => lane.Sum(r => r.Count()))!.Add(role);
        return lanes;
    }

    [Fact]
    public async Task EveryPage_LoadsNothingFromOutsideTheSite()
    {
        var site0 = new Uri(site.BaseUrl);
        var elsewhere = new SortedSet<string>();
        foreach (var theme in new[] { SiteTheme.Default, SiteTheme.LowStimulus })
        {
            await Task.WhenAll(Lanes(2).Select(async lane =>
            {
                foreach (var role in lane)
                {
                    // With the content security policy set aside, a reference to another site would really be requested, and seen here.
                    var page = await site.PageForAsync(role.Key, theme, 1280, options => options.BypassCSP = true);
                    page.Context.Request += (_, request) =>
                    {
                        var url = new Uri(request.Url);
                        if (url.Scheme is not ("data" or "blob") && (url.Scheme, url.Authority) != (site0.Scheme, site0.Authority))
                            lock (elsewhere)
                                elsewhere.Add($"{request.Url} (from {page.Url})");
                    };
                    // The load event waits for every style sheet, script, font and image; no page script fetches more later.
                    foreach (var sitePage in role)
                        await page.GotoAsync(SitePages.Fill(sitePage.Url, site.Placeholders));
                    await page.Context.CloseAsync();
                }
            }));
        }

        Assert.True(elsewhere.Count == 0, "Requests to other sites:\n" + string.Join("\n", elsewhere));
    }

    private async Task CheckAsync(IPage page, SitePage sitePage, SiteTheme theme)
    {
        var response = await page.GotoAsync(SitePages.Fill(sitePage.Url, site.Placeholders));
        Assert.True(response?.Status == sitePage.Status, $"answered {response?.Status}, expected {sitePage.Status}");
        await AssertThemeAsync(page, theme);
        await page.CheckAndCaptureAsync($"a11y-{theme.Name()}-{sitePage.Name}");
        await page.CheckFocusRingsAsync(sitePage.Name);
    }

    /// <summary>The page is really drawn in the theme: the page background is the theme's.</summary>
    private static async Task AssertThemeAsync(IPage page, SiteTheme theme)
    {
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var expected = theme == SiteTheme.LowStimulus ? "rgb(35, 33, 30)" : "rgb(246, 244, 239)";
        Assert.True(background == expected, $"the page background is {background}, not the {theme.Name()} theme's {expected}");
    }
}
