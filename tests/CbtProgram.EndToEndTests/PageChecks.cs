using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>What every page visit checks: no accessibility violations, no sideways scrolling, and a screenshot to look at.</summary>
public static class PageChecks
{
    public static async Task CheckAndCaptureAsync(this IPage page, string name)
    {
        var width = page.ViewportSize!.Width;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserSite.ScreenshotFolder, $"{name}-{width}.png"),
            FullPage = true,
        });

        var axe = await page.RunAxe();
        var violations = string.Join("\n", axe.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        Assert.True(axe.Violations.Length == 0, $"Accessibility violations on {name} at {width}px:\n{violations}");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(overflow, $"{name} scrolls sideways at {width}px");
    }

    public static async Task SignInAsync(this IPage page, string email, string password = SignedInClient.DemoPassword)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
