using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace CbtProgram.EndToEndTests.Security;

/// <summary>The browser site with staff MFA required, as outside Development.</summary>
public sealed class MfaRequiredBrowserSite : BrowserSite
{
    public MfaRequiredBrowserSite() => WithSetting("Accounts:RequireStaffMfa", "true");

    /// <summary>WebAuthn needs a secure context and a domain as the relying party: localhost, not 127.0.0.1.</summary>
    public string LocalhostUrl => BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
}

/// <summary>
/// Passkeys and authenticator apps in Chromium, as a new staff member meets them with MFA required. Passkeys use the
/// DevTools virtual authenticator (a CTAP2 platform authenticator with resident keys and user verification).
/// </summary>
public sealed class PasskeyJourneyTests(MfaRequiredBrowserSite site) : IClassFixture<MfaRequiredBrowserSite>
{
    [Fact]
    public async Task AnAdmin_AddsAPasskeyWhenAsked_ThenSignsInWithItAlone()
    {
        var page = await site.NewPageAsync(1280, configure: o => o.BaseURL = site.LocalhostUrl);
        var authenticator = await AddVirtualAuthenticatorAsync(page);

        await page.SignInAsync("admin@example.org");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/security$"));
        await Assertions.Expect(page.GetByText("Staff accounts need a second step to sign in.")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("mfa-setup-required");

        await page.GetByLabel("Name for the new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Passkey \"Test laptop\" added.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Staff accounts need a second step")).ToHaveCountAsync(0);
        await page.CheckAndCaptureAsync("mfa-passkeys");
        var credentials = await authenticator.Session.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticator.Id });
        Assert.Equal(1, credentials!.Value.GetProperty("credentials").GetArrayLength());
        await page.GotoAsync("/admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accounts" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        // Signing out first clears what the device keeps (offline diary), then leaves: wait for it before going on.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/signed-out"));
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accounts" })).ToBeVisibleAsync();
        Assert.Equal(200, (await page.GotoAsync("/hangfire"))!.Status); // a passkey sign-in counts as multi-factor
        await Assertions.Expect(page.GetByText("CbtProgram jobs").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ATherapist_SetsUpAnAuthenticatorAppWhenAsked_AndSeesTheRecoveryCodesOnce()
    {
        var page = await site.NewPageAsync(360);

        await page.SignInAsync("therapist@example.org");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/security$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code to add CbtProgram to your authenticator app" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("mfa-authenticator");
        var key = (await page.Locator("[data-authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        await page.GetByLabel("Code from the app").FillAsync("000000" == Code(key) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch it on" }).ClickAsync();
        await Assertions.Expect(page.GetByText("That code did not match.")).ToBeVisibleAsync();
        await page.GetByLabel("Code from the app").FillAsync(Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch it on" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await page.CheckAndCaptureAsync("mfa-recovery-codes");
        await page.GotoAsync("/therapist");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your caseload" })).ToBeVisibleAsync();

        await page.Context.ClearCookiesAsync(); // a new visit (the menu is folded away at this width)
        await page.SignInAsync("therapist@example.org");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enter your code" })).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("mfa-sign-in-code");
        await page.GetByLabel("Code").FillAsync(Code(key, secondsAhead: 30)); // the set-up's own code is spent
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your caseload" })).ToBeVisibleAsync();
    }

    private static string Code(string key, int secondsAhead = 0) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(secondsAhead));

    private static async Task<(ICDPSession Session, string Id)> AddVirtualAuthenticatorAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable");
        var added = await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (session, added!.Value.GetProperty("authenticatorId").GetString()!);
    }
}
