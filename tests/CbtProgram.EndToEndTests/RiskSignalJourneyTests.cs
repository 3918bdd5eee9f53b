using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>
/// The proof in the browser: a patient answers only question 9 of the weekly check-in, nothing else, and
/// leaves. Where to get help is shown at once; their therapist's next page shows the alert with that answer.
/// </summary>
public sealed class RiskSignalJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task ALoneItem9Answer_ShowsHelpAtOnce_AndTheTherapistSeesTheAnswer()
    {
        var patient = await site.CreatePatientInWeekAsync("lone.answer@example.org", "Lou Lone", 2);
        var page = await site.NewPageAsync(360);
        await page.SignInAsync("lone.answer@example.org", TestPeople.Password);
        await page.GotoAsync("/patient/modules/2");

        var item9 = page.GetByRole(AriaRole.Group, new() { Name = "9. Thoughts that you would be better off dead" });
        await item9.GetByText("Nearly every day").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).First.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for telling us how you are" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("We have let your therapist know")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("risk-support");
        await page.Context.CloseAsync(); // and leaves

        var therapist = await site.NewPageAsync(1280);
        await therapist.SignInAsync("therapist@example.org");
        var banner = therapist.GetByRole(AriaRole.Region, new() { Name = "Risk alerts to act on" });
        await Assertions.Expect(banner).ToContainTextAsync("Lou Lone");
        await banner.GetByRole(AriaRole.Link, new() { Name = "Open and acknowledge the alert for Lou Lone" }).ClickAsync();
        var alerts = therapist.Locator("#alerts");
        await Assertions.Expect(alerts).ToContainTextAsync("Question 9, “Thoughts that you would be better off dead, or of hurting yourself in some way”: Nearly every day (3)");
        await Assertions.Expect(alerts).ToContainTextAsync("weekly check-in of week 2 (not finished)");
        await therapist.CheckAndCaptureAsync("risk-alert-record");
        Assert.Contains(patient.Id.ToString(), therapist.Url, StringComparison.Ordinal);
    }
}
