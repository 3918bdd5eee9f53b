using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>What every page visit checks: a screenshot to look at, no axe violations, no sideways scrolling, one h1 and no text under 16px.</summary>
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

        var violations = await page.AxeViolationsAsync();
        Assert.True(violations.Count == 0, $"Accessibility violations on {name} at {width}px:\n{string.Join("\n", violations)}");

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

        var headings = await page.Locator("h1").CountAsync();
        Assert.True(headings == 1, $"{name} has {headings} h1 headings at {width}px; every page has exactly one.");

        var smallText = await page.EvaluateAsync<string>(SmallTextScript);
        Assert.True(smallText.Length == 0, $"{name} has text smaller than 16px at {width}px: {smallText}");
    }

    /// <summary>
    /// Runs axe-core (the version bundled with Deque.AxeCore) with its default rules, every impact, and lists the violations.
    /// Only violations are gathered (not passes or inapplicable rules), which makes a check several times faster than RunAxe.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(this IPage page)
    {
        await page.EvaluateAsync(AxeScript.Value);
        return await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)");
    }

    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>Every element a keyboard can reach shows a focus ring (an outline at least 2px wide, 3:1 against what is behind it).</summary>
    public static async Task CheckFocusRingsAsync(this IPage page, string name)
    {
        // A real key press first: browsers show focus rings for focus that follows keyboard use.
        await page.Keyboard.PressAsync("Tab");
        var missing = await page.EvaluateAsync<string>(FocusRingScript);
        Assert.True(missing.Length == 0, $"{name} at {page.ViewportSize!.Width}px: no visible focus ring on {missing}");
    }

    /// <summary>Whether the focused element (or, for a radio drawn as a button, its label) shows a focus ring now.</summary>
    public static Task<string> FocusRingProblemAsync(this IPage page) => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return !e || e === document.body ? 'nothing is focused' : (" + FocusRingCheck + ")(e); }");

    // Visible text whose computed size is under 16px (hidden and visually-hidden text is skipped), and form fields likewise.
    private const string SmallTextScript =
        """
        () => {
          const found = new Set();
          const shown = e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1 && getComputedStyle(e).visibility !== "hidden"; };
          const describe = (e, text) => `${e.tagName.toLowerCase()}${[...e.classList].map(c => "." + c).join("")} "${text.slice(0, 30)}" ${getComputedStyle(e).fontSize}`;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim();
            const e = node.parentElement;
            if (!text || !e || e.closest("script, style, noscript, template, option") || !shown(e)) continue;
            if (parseFloat(getComputedStyle(e).fontSize) < 15.95) found.add(describe(e, text));
          }
          for (const e of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
            if (shown(e) && parseFloat(getComputedStyle(e).fontSize) < 15.95) found.add(describe(e, e.name || e.id));
          }
          return [...found].slice(0, 8).join("; ");
        }
        """;

    // Checks one focused element: returns "" when its ring is visible, else a description of the element.
    private const string FocusRingCheck =
        """
        e => {
          const rgb = c => { const m = c.match(/[\d.]+/g) || ["0", "0", "0", "0"]; return { r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1 }; };
          const lum = c => [c.r, c.g, c.b].map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
          const behind = el => { for (let a = el; a; a = a.parentElement) { const c = rgb(getComputedStyle(a).backgroundColor); if (c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          const ring = e.matches(".btn-check") ? e.nextElementSibling : e;
          const style = getComputedStyle(ring);
          const name = `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${[...e.classList].map(c => "." + c).join("")} "${(e.innerText || e.value || e.getAttribute("aria-label") || "").trim().slice(0, 30)}"`;
          if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return `${name} (outline ${style.outlineStyle} ${style.outlineWidth})`;
          const a = lum(rgb(style.outlineColor)), b = lum(behind(ring.parentElement || ring));
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          return ratio < 3 ? `${name} (outline contrast ${ratio.toFixed(2)}:1)` : "";
        }
        """;

    private const string FocusRingScript =
        "() => { const check = " + FocusRingCheck + """
        ;
          const problems = [];
          const reachable = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])")]
            .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
          for (const e of reachable) {
            e.focus();
            if (document.activeElement !== e) continue;
            const problem = check(e);
            if (problem) problems.push(problem);
          }
          return [...new Set(problems)].slice(0, 6).join("; ");
        }
        """;

    public static async Task SignInAsync(this IPage page, string email, string password = SignedInClient.DemoPassword)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.ClickAndWaitForNextPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }));
    }

    /// <summary>
    /// Clicks something that leads to another page (a form's submit button) and waits until that page has loaded, its
    /// stylesheets included: its address can show, and its elements be found, before then, and a check of what is
    /// drawn (colours, transitions, which of two switches the layout hides) would see the page unstyled.
    /// </summary>
    public static async Task ClickAndWaitForNextPageAsync(this IPage page, ILocator target)
    {
        // The next load event is the next page's (this one's came before the click); it works without script too.
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loadedPage) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await target.ClickAsync();
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }
}
