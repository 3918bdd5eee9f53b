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

        var overflow = await page.EvaluateAsync<string>(
            """
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return "";
              const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) { if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX)) return true; } return false; };
              const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e));
              if (wide.length === 0) {
                const all = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest(".table-responsive"));
                return `the page is ${document.documentElement.scrollWidth}px wide; widest: ` + all.slice(0, 4).map(e => e.tagName.toLowerCase() + "." + [...e.classList].join(".") + " " + Math.round(e.getBoundingClientRect().right)).join(", ");
              }
              return wide.slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join(".")).join(", ");
            }
            """);
        Assert.True(overflow.Length == 0, $"{name} scrolls sideways at {width}px because of: {overflow}");
    }

    public static async Task SignInAsync(this IPage page, string email, string password = SignedInClient.DemoPassword)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
