using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>
/// Whole tasks with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys, typing), never the mouse: at every stop
/// the focused element must show its focus ring.
/// </summary>
public sealed class KeyboardOnlyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task SkipLink_IsTheFirstStop_AndMovesFocusToTheMainContent()
    {
        var page = await site.NewPageAsync(1280);
        await page.GotoAsync("/crisis");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        Assert.True((await skip.BoundingBoxAsync())!.Width > 50, "The skip link does not show when focused.");
        await AssertFocusRingAsync(page);
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"),
            "Tab after the skip link should stay in the main content.");
    }

    [Fact]
    public async Task SignIn_OpenThisWeeksModule_AndGoThroughTwoSteps()
    {
        await site.CreatePatientInWeekAsync("keys-module@example.org", "Kit Keys", week: 2);
        var page = await site.NewPageAsync(1280);
        await SignInWithKeysAsync(page, "keys-module@example.org");

        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Start week 2" }));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Step 1 of")).ToBeVisibleAsync();

        // The weekly check-in: each question is a group of radio buttons. Tab into a group, Space picks the first answer;
        // for the first question the arrow key moves the choice on to the second answer.
        var questions = await page.Locator("fieldset.question").CountAsync();
        for (var item = 1; item <= questions; item++)
        {
            await TabToAsync(page, page.Locator($"#item-{item}-0"));
            await page.Keyboard.PressAsync("Space");
            if (item == 1)
                await page.Keyboard.PressAsync("ArrowDown");
        }
        await Assertions.Expect(page.Locator("#item-1-1")).ToBeCheckedAsync();
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Step 2 of")).ToBeVisibleAsync();
        var diaryDays = page.GetByLabel("On how many days did you fill in your diary?");
        await TabToAsync(page, diaryDays);
        await page.Keyboard.TypeAsync("5");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }));
        // Shift+Tab goes back to check the answer, then Tab returns to the button.
        await TabToAsync(page, diaryDays, backwards: true);
        await Assertions.Expect(diaryDays).ToHaveValueAsync("5");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Step 3 of")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FillInAndSaveTodaysDiary()
    {
        await site.CreatePatientInWeekAsync("keys-diary@example.org", "Dee Diary", week: 1);
        var page = await site.NewPageAsync(360);
        await SignInWithKeysAsync(page, "keys-diary@example.org");

        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Fill in today's diary" }));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your diary for today" })).ToBeVisibleAsync();

        await TabToAsync(page, page.Locator("#headache-no"));
        await page.Keyboard.PressAsync("ArrowRight"); // "Yes": the headache questions appear
        await Assertions.Expect(page.Locator("#headache-yes")).ToBeCheckedAsync();
        await TabToAsync(page, page.GetByLabel("At its worst (0 to 10)"));
        await page.Keyboard.TypeAsync("6");
        await TabToAsync(page, page.GetByLabel("For how many hours?"));
        await page.Keyboard.TypeAsync("3");
        await TabToAsync(page, page.GetByLabel("Your mood today (0 very low, 10 very good)"));
        await page.Keyboard.TypeAsync("7");
        await TabToAsync(page, page.GetByLabel("Hours of sleep last night"));
        await page.Keyboard.TypeAsync("7.5");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved your diary for today");
        await Assertions.Expect(page.Locator(".diary-days li").First).ToContainTextAsync("headache 6/10, mood 7/10");
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task LowStimulusMode_TurnsOnAndOff(int width)
    {
        var email = $"keys-calm-{width}@example.org";
        await site.CreatePatientInWeekAsync(email, "Cal Calm", week: 1);
        var page = await site.NewPageAsync(width);
        await SignInWithKeysAsync(page, email);
        var address = page.Url;
        var html = page.Locator("html");

        // Second stop after the skip link, outside the menu, so one press on a phone too.
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode", Pressed = false }), maxPresses: 2);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(html).ToHaveAttributeAsync("data-theme", "low-stimulus");
        Assert.Equal(address, page.Url);

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Low-stimulus mode", Pressed = true }), maxPresses: 2);
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(html).ToHaveAttributeAsync("data-theme", "standard");
        Assert.Equal(address, page.Url);
    }

    private static async Task SignInWithKeysAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/sign-in");
        await TabToAsync(page, page.GetByLabel("Email address"));
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, page.GetByLabel("Password", new() { Exact = true }));
        await page.Keyboard.TypeAsync(TestPeople.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/patient$"));
    }

    /// <summary>Presses Tab (or Shift+Tab) until the target has focus, checking the focus ring at every stop on the way.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false, int maxPresses = 80)
    {
        // A navigation's new URL can show before its stylesheet has arrived; until then the browser's own thin
        // ring is what a check would see (CI caught exactly that on a slow machine).
        await page.WaitForLoadStateAsync(LoadState.Load);
        for (var presses = 0; presses < maxPresses; presses++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            await AssertFocusRingAsync(page);
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
                return;
        }
        Assert.Fail($"{maxPresses} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {target}.");
    }

    private static async Task AssertFocusRingAsync(IPage page)
    {
        var problem = await page.FocusRingProblemAsync();
        Assert.True(problem.Length == 0, $"Focus is not visible: {problem}");
    }
}
