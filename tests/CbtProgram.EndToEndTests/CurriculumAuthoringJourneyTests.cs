using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>An admin edits week 3 in the browser, previews and publishes it; patients keep the version they opened.</summary>
public sealed class CurriculumAuthoringJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task AdminEditsPreviewsAndPublishesWeek3_AndEachPatientSeesTheVersionPinnedForThem()
    {
        await site.CreatePatientInWeekAsync("early-e2e@example.org", "Early Reader", week: 3);
        var admin = await site.NewPageAsync(1280);
        await admin.SignInAsync("admin@example.org");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Curriculum", Exact = true }).ClickAsync();
        await admin.CheckAndCaptureAsync("admin-curriculum");
        await admin.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Finding and managing your triggers") }).ClickAsync();
        await admin.CheckAndCaptureAsync("admin-curriculum-week");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit as a draft" }).ClickAsync();
        await admin.GetByLabel("Module title").FillAsync("Your triggers, and what helps");
        await admin.Locator("#Form_Steps_2__Body").FillAsync("This week is about spotting what sets off your headaches, gently and without blame.");
        await admin.CheckAndCaptureAsync("admin-curriculum-draft");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).First.ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved.");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Preview saved draft" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("spotting what sets off your headaches, gently")).ToBeVisibleAsync();
        await admin.CheckAndCaptureAsync("admin-curriculum-preview");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Back to editing" }).ClickAsync();
        await admin.GetByLabel("What changed, in a few words").FillAsync("Friendlier title and opening");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish as a new version" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Published as version 2");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Version 2", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator(".diff-added").First).ToContainTextAsync("Your triggers, and what helps");
        await admin.CheckAndCaptureAsync("admin-curriculum-version");

        await site.CreatePatientInWeekAsync("late-e2e@example.org", "Late Reader", week: 3);
        await site.RecordCheckInAsync("late-e2e@example.org", 3); // the check-in comes before the week's other steps
        var earlyPage = await site.NewPageAsync(360);
        await earlyPage.SignInAsync("early-e2e@example.org", TestPeople.Password);
        await earlyPage.GetByRole(AriaRole.Link, new() { Name = "Start week 3" }).ClickAsync();
        await Assertions.Expect(earlyPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Finding and managing your triggers");
        var latePage = await site.NewPageAsync(360);
        await latePage.SignInAsync("late-e2e@example.org", TestPeople.Password);
        await latePage.GetByRole(AriaRole.Link, new() { Name = "Start week 3" }).ClickAsync();
        await Assertions.Expect(latePage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Your triggers, and what helps");
        await latePage.GotoAsync("/patient/modules/3/steps/common-triggers");
        await Assertions.Expect(latePage.GetByText("spotting what sets off your headaches, gently")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CurriculumPages_AtPhoneWidth_HaveNoAccessibilityViolations()
    {
        var admin = await site.NewPageAsync(360);
        await admin.SignInAsync("admin@example.org");

        await admin.GotoAsync("/admin/curriculum");
        await admin.CheckAndCaptureAsync("admin-curriculum");
        await admin.GotoAsync("/admin/curriculum/weeks/2");
        await admin.CheckAndCaptureAsync("admin-curriculum-week");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit as a draft" }).ClickAsync();
        await admin.CheckAndCaptureAsync("admin-curriculum-draft");
    }
}
