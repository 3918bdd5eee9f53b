using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>The low-stimulus mode in a real browser: the switch, the device's dark setting, charts and motion.</summary>
public sealed class LowStimulusModeTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Dark = "rgb(35, 33, 30)";
    private const string Light = "rgb(246, 244, 239)";

    [Fact]
    public async Task Switch_WithoutJavaScript_TurnsTheModeOnForThisPage_AndTheAccountRemembersIt()
    {
        await site.CreatePatientInWeekAsync("calm-nojs@example.org", "Nell Noscript", week: 2);
        var page = await site.NewPageAsync(360, configure: options => options.JavaScriptEnabled = false);
        await page.SignInAsync("calm-nojs@example.org", TestPeople.Password);
        await page.GotoAsync("/patient/schedule");

        await page.ClickAndWaitForNextPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode", Pressed = false }));

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/patient/schedule$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode", Pressed = true })).ToBeVisibleAsync();
        Assert.Equal(Dark, await BackgroundAsync(page));
        await using (var scope = site.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == "calm-nojs@example.org").Select(u => u.LowStimulus).SingleAsync());

        var laptop = await site.NewPageAsync(1280);
        await laptop.SignInAsync("calm-nojs@example.org", TestPeople.Password);
        Assert.Equal(Dark, await BackgroundAsync(laptop));
        await laptop.CheckAndCaptureAsync("low-stimulus-switched-on");
    }

    [Fact]
    public async Task DeviceInDarkMode_BeforeAnyChoice_GetsTheLowStimulusTheme_AndTheSwitchCanTurnItOff()
    {
        await site.CreatePatientInWeekAsync("calm-device@example.org", "Dara Device", week: 2);
        var page = await site.NewPageAsync(1280, configure: options => options.ColorScheme = ColorScheme.Dark);

        await page.GotoAsync("/");
        Assert.Equal(Dark, await BackgroundAsync(page));
        await page.SignInAsync("calm-device@example.org", TestPeople.Password);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "device");
        Assert.Equal(Dark, await BackgroundAsync(page));
        var on = page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode" });
        await Assertions.Expect(on).ToHaveAttributeAsync("aria-pressed", "true");

        await page.ClickAndWaitForNextPageAsync(on);

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "standard");
        Assert.Equal(Light, await BackgroundAsync(page));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode" })).ToHaveAttributeAsync("aria-pressed", "false");
        await page.CheckAndCaptureAsync("low-stimulus-chosen-off-on-a-dark-device");
    }

    [Theory]
    [InlineData(false, "rgb(47, 93, 98)")]
    [InlineData(true, "rgb(140, 195, 187)")]
    public async Task ProgressCharts_TakeTheirColoursFromTheTheme(bool lowStimulus, string lineColour)
    {
        var email = $"calm-charts-{lowStimulus}@example.org".ToLowerInvariant();
        await site.CreatePatientInWeekAsync(email, "Cass Charts", week: 4);
        var page = await site.NewPageAsync(1280);
        await page.SignInAsync(email, TestPeople.Password);
        if (lowStimulus)
            await page.ClickAndWaitForNextPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode" }));

        await page.GotoAsync("/patient/progress");

        var colour = await page.EvaluateAsync<string>(
            "() => { const c = document.createElement('canvas').getContext('2d'); c.fillStyle = Chart.getChart('chart-phq-9').data.datasets[0].borderColor; c.fillRect(0, 0, 1, 1); const d = c.getImageData(0, 0, 1, 1).data; return `rgb(${d[0]}, ${d[1]}, ${d[2]})`; }");
        Assert.Equal(lineColour, colour);
        Assert.False(await page.EvaluateAsync<bool>("() => !!Chart.getChart('chart-phq-9').options.animation"), "Charts should appear without animation.");
    }

    [Fact]
    public async Task NothingMoves_WhenTheDeviceAsksForReducedMotion_OrInLowStimulusMode()
    {
        await site.CreatePatientInWeekAsync("calm-motion@example.org", "Mo Still", week: 2);
        var reduced = await site.NewPageAsync(360, configure: options => options.ReducedMotion = ReducedMotion.Reduce);
        await reduced.SignInAsync("calm-motion@example.org", TestPeople.Password);
        Assert.Equal("", await MovingThingsAsync(reduced));

        var calm = await site.NewPageAsync(360);
        await calm.SignInAsync("calm-motion@example.org", TestPeople.Password);
        Assert.NotEqual("", await MovingThingsAsync(calm)); // the check finds Bootstrap's transitions when they are on
        await calm.ClickAndWaitForNextPageAsync(calm.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode" }));
        Assert.Equal("", await MovingThingsAsync(calm));

        // The menu still opens and closes at once without its sliding transition.
        await calm.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Assertions.Expect(calm.GetByRole(AriaRole.Link, new() { Name = "Diary", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FormProblems_InTheDarkTheme_StayReadable()
    {
        var visitor = await site.NewPageAsync(360, configure: options => options.ColorScheme = ColorScheme.Dark);
        await visitor.SignInAsync("calm-nobody@example.org", "not-the-password");
        await Assertions.Expect(visitor.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await visitor.CheckAndCaptureAsync("low-stimulus-sign-in-error");

        await site.CreatePatientInWeekAsync("calm-problems@example.org", "Pat Problems", week: 2);
        var page = await site.NewPageAsync(360);
        await page.SignInAsync("calm-problems@example.org", TestPeople.Password);
        await page.ClickAndWaitForNextPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode" }));
        await page.GotoAsync("/patient/diary");
        await page.GetByLabel("Hours of sleep last night").FillAsync("30");
        await page.GetByLabel("Your mood today (0 very low, 10 very good)").SelectOptionAsync("5");
        await page.ClickAndWaitForNextPageAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.Equal(Dark, await BackgroundAsync(page));
        await page.CheckAndCaptureAsync("low-stimulus-diary-problem");
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    /// <summary>Elements with a transition or animation longer than nothing, listed.</summary>
    private static Task<string> MovingThingsAsync(IPage page) => page.EvaluateAsync<string>(
        """
        () => [...document.querySelectorAll("*")]
          .filter(e => { const s = getComputedStyle(e); return [s.transitionDuration, s.animationDuration].some(d => d.split(",").some(v => parseFloat(v) > 0)); })
          .slice(0, 5).map(e => e.tagName.toLowerCase() + "." + [...e.classList].join(".")).join(", ")
        """);
}
