using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests.Security;

/// <summary>An admin turns a therapist's account off while the therapist's browser is open: their next click signs them out.</summary>
public sealed class DisabledWhileSignedInTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task Therapist_TurnedOffByAnAdmin_LandsOnTheSignInPageAtTheirNextClick()
    {
        var therapist = await site.NewPageAsync(1280);
        await therapist.SignInAsync("colleague@example.org");
        await Assertions.Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Your caseload" })).ToBeVisibleAsync();

        var admin = await site.NewPageAsync(1280);
        await admin.SignInAsync("admin@example.org");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Dr Jordan Lee" }).ClickAsync();
        await admin.CheckAndCaptureAsync("admin-account-page");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Turn off this account" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("The account is turned off and signed out everywhere.")).ToBeVisibleAsync();

        await therapist.GetByRole(AriaRole.Link, new() { Name = "Invite a patient" }).ClickAsync();

        await Assertions.Expect(therapist).ToHaveURLAsync(new Regex("/account/sign-in"));
        await Assertions.Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }
}
