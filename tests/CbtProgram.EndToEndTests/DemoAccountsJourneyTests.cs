using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>A newcomer signs in as each demo account, on a phone and on a laptop, and sees what that role should see.</summary>
public sealed class DemoAccountsJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Patient_SignsIn_AndSeesTheirTherapistAndTheCrisisLink(int width)
    {
        var page = await site.NewPageAsync(width);
        await page.GotoAsync("/");
        await page.CheckAndCaptureAsync("front-page");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First.ClickAsync();
        await page.CheckAndCaptureAsync("sign-in");

        await page.SignInAsync("patient@example.org");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/patient$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Sam Patient" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Dr Robin Taylor")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Get help now", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Get help now" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("crisis");
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Therapist_SignsIn_AndSeesTheirCaseload(int width)
    {
        var page = await site.NewPageAsync(width);

        await page.SignInAsync("therapist@example.org");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your caseload" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sam Patient" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Risk alert");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Get help now", Exact = true })).ToHaveCountAsync(0);
        await page.CheckAndCaptureAsync("therapist-caseload");
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Admin_SignsIn_AndSeesEveryAccountAndTheJobDashboard(int width)
    {
        var page = await site.NewPageAsync(width);

        await page.SignInAsync("admin@example.org");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accounts" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "patient@example.org", Exact = true })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("admin-accounts");

        var dashboard = await page.GotoAsync("/hangfire");
        Assert.Equal(200, dashboard!.Status);
        await Assertions.Expect(page.GetByText("CbtProgram jobs").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithTheKeyboardAlone_Works()
    {
        var page = await site.NewPageAsync(1280);
        await page.GotoAsync("/account/sign-in");

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByText("Skip to main content")).ToBeFocusedAsync();
        for (var presses = 0; presses < 10 && !await page.GetByLabel("Email address").EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("therapist@example.org");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(SignedInClient.DemoPassword);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your caseload" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsTheMessageNextToTheForm()
    {
        var page = await site.NewPageAsync(360);

        await page.SignInAsync("patient@example.org", "wrong-password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await page.CheckAndCaptureAsync("sign-in-error");
    }
}
