using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>
/// The demo therapist's week: the caseload with every status and flag, a flagged patient's record, a risk alert
/// acknowledged and resolved, a message sent, and a session moved that the patient then sees.
/// </summary>
public sealed class TherapistWorkspaceJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task Therapist_ActsOnARiskAlert_MessagesThePatient_AndMovesASession()
    {
        var page = await site.NewPageAsync(1280);
        await page.SignInAsync("therapist@example.org");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your caseload" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Risk alerts to act on" })).ToContainTextAsync("Riley Rivers");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Riley Rivers");
        foreach (var stage in new[] { "Not started", "Baseline", "Week 3 of 12", "Paused", "Withdrawn", "Finished", "Follow-up due", "Follow-up done", "Follow-up missed" })
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = stage, Exact = false }).First).ToBeVisibleAsync();
        foreach (var flag in new[] { "Not on track (PHQ-9)", "2 missed sessions" })
            await Assertions.Expect(page.GetByText(flag).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(new Regex(@"Medicine on \d+ of \d+ days")).First).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("therapist-caseload-full");

        await page.GetByRole(AriaRole.Link, new() { Name = "Riley Rivers" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Riley Rivers", Exact = true })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("therapist-patient-overview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Alert acknowledged.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Risk alerts to act on" })).Not.ToContainTextAsync("Riley Rivers, raised");
        await page.GetByLabel("What did you do? (required to resolve)").FillAsync("Called Riley. Safe tonight; GP appointment tomorrow.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve with this note" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Alert resolved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No open risk alerts.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Messages" }).First.ClickAsync();
        await page.GetByLabel("Write to the patient").FillAsync("Thanks for talking today, Riley. I'll check in again on Friday.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Message sent.")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("therapist-patient-messages");

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule" }).Last.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Move week 6" }).ClickAsync();
        var date = DateOnly.ParseExact(await page.GetByLabel("New date").InputValueAsync(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(2);
        await page.GetByLabel("New date").FillAsync(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel(new Regex("^New time")).FillAsync("18:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move week 6" }).ClickAsync();
        var shown = date.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) + ", 18:00";
        await Assertions.Expect(page.GetByText(shown)).ToBeVisibleAsync();

        foreach (var (path, name) in new[] { ("/notes", "therapist-patient-notes"), ("/work", "therapist-patient-work") })
        {
            await page.GotoAsync(page.Url.Replace("/schedule", path, StringComparison.Ordinal));
            await page.CheckAndCaptureAsync(name);
        }

        var patient = await site.NewPageAsync(360);
        await patient.SignInAsync("risk@example.org");
        await patient.GotoAsync("/patient/schedule");
        await Assertions.Expect(patient.GetByText(shown)).ToBeVisibleAsync();
        await patient.GotoAsync("/patient/messages");
        await Assertions.Expect(patient.GetByText("I'll check in again on Friday.", new() { Exact = false })).ToBeVisibleAsync();
        await patient.CheckAndCaptureAsync("patient-messages");
    }

    [Fact]
    public async Task Admin_SeesPatientsAssignmentsAndTheAuditLog_OnAPhone()
    {
        var page = await site.NewPageAsync(360);
        await page.SignInAsync("admin@example.org");
        await page.GotoAsync("/admin/patients");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patients and their therapists" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("admin-patients");
        await page.GotoAsync("/admin/accounts/new");
        await page.CheckAndCaptureAsync("admin-new-account");
        await page.GotoAsync("/admin/audit");
        await page.CheckAndCaptureAsync("admin-audit");
    }
}
