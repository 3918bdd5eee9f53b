using System.Globalization;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>A new patient on a phone: invitation, consent, onboarding, baseline, week 1 in two sittings, diary, progress; and safety.</summary>
public sealed partial class PatientJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const int Phone = 360;

    [Fact]
    public async Task NewPatient_FromInvitationToProgress_OnAPhone()
    {
        var therapist = await site.NewPageAsync(1280);
        await therapist.SignInAsync("therapist@example.org");
        await therapist.GetByRole(AriaRole.Link, new() { Name = "Invite a patient" }).ClickAsync();
        await therapist.GetByLabel("Patient's name").FillAsync("Nia New");
        await therapist.GetByLabel("Patient's email address").FillAsync("nia.new@example.org");
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Assertions.Expect(therapist.GetByRole(AriaRole.Status)).ToContainTextAsync("Invitation sent to nia.new@example.org");

        var page = await site.NewPageAsync(Phone);
        await page.GotoAsync(await InvitationLinkAsync("nia.new@example.org"));
        await page.CheckAndCaptureAsync("patient-invitation");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("NiaPassword#2026");
        await page.GetByLabel("Type it again").FillAsync("NiaPassword#2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Before you start" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-consent");
        await page.GetByLabel("I have read this and I agree to take part").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan your weekly sessions" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-onboarding");
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london);
        await page.GetByLabel("Your time zone").SelectOptionAsync("Europe/London");
        await page.GetByLabel("Session day").SelectOptionAsync(today.DayOfWeek.ToString());
        await page.GetByLabel("Session time").FillAsync("00:00");
        await page.GetByLabel("Start date").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        for (var questionnaire = 1; questionnaire <= 4; questionnaire++)
        {
            await Assertions.Expect(page.GetByText($"Questionnaire {questionnaire} of 4")).ToBeVisibleAsync();
            if (questionnaire == 1)
                await page.CheckAndCaptureAsync("patient-baseline");
            await AnswerEveryQuestionAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByText("Week 1 of 12")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-home-new");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start week 1" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This week's check-in")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-check-in");
        await AnswerEveryQuestionAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Step 2 of")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-step");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Step 3 of")).ToBeVisibleAsync();

        // Leave, and come back later: the player resumes at step 3.
        await page.GetByRole(AriaRole.Link, new() { Name = "Take a break: your place is saved" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Carry on week 1" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Step 3 of")).ToBeVisibleAsync();
        while (await page.GetByRole(AriaRole.Button, new() { Name = "Finish this week" }).CountAsync() == 0)
        {
            if (await page.Locator("[data-exercise]").CountAsync() > 0)
                await page.CheckAndCaptureAsync("patient-exercise");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish this week" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Well done: week 1 is complete" })).ToBeVisibleAsync();

        await page.GotoAsync("/patient");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fill in today's diary" }).ClickAsync();
        await page.CheckAndCaptureAsync("patient-diary");
        await page.GetByLabel("Your mood today (0 very low, 10 very good)").SelectOptionAsync("6");
        await page.GetByLabel("Hours of sleep last night").FillAsync("7.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved your diary for today");
        await page.GetByRole(AriaRole.Link, new() { Name = "Yesterday" }).ClickAsync();
        await page.Locator("label[for='headache-yes']").ClickAsync();
        await page.GetByLabel("At its worst (0 to 10)").SelectOptionAsync("6");
        await page.GetByLabel("For how many hours?").FillAsync("3");
        await page.GetByLabel("Your mood today (0 very low, 10 very good)").SelectOptionAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved your diary for yesterday");

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Progress" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your progress" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("1 of 12 weeks completed.")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-progress");

        await page.GotoAsync("/patient/my-data");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make my calendar link" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Calendar link")).ToHaveValueAsync(new Regex(@"/calendar/[A-Za-z0-9_-]+\.ics$"));
        await page.CheckAndCaptureAsync("patient-my-data");
    }

    [Fact]
    public async Task RiskAnswerAtCheckIn_TakesThePatientToCrisisResources_AndRaisesAnAlert()
    {
        await site.CreatePatientInWeekAsync("risk-e2e@example.org", "Rae Risk", week: 2);
        var page = await site.NewPageAsync(Phone);
        await page.SignInAsync("risk-e2e@example.org", TestPeople.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Start week 2" }).ClickAsync();
        await AnswerEveryQuestionAsync(page);
        await page.Locator("label[for='item-9-1']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for telling us how you are" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("patient-support");
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.RiskAlerts.AnyAsync(a => db.Patients.Any(p => p.Id == a.PatientId && db.Users.Any(u => u.Id == p.UserId && u.Email == "risk-e2e@example.org"))));
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Step 2 of")).ToBeVisibleAsync();
    }

    /// <summary>Picks the first answer of every choice question and 0 days for every days question.</summary>
    private static async Task AnswerEveryQuestionAsync(IPage page)
    {
        foreach (var question in await page.Locator("fieldset.question").AllAsync())
        {
            var days = question.Locator("input[type=number]");
            if (await days.CountAsync() > 0)
                await days.FillAsync("0");
            else
                await question.Locator("label.btn-answer").First.ClickAsync();
        }
    }

    private async Task<string> InvitationLinkAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var body = scope.ServiceProvider.GetRequiredService<Web.Notifications.SealedMail>()
            .BodyToSend(await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.SingleAsync(m => m.To == email));
        return new Uri(LinkPattern().Match(body).Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/invitations/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
