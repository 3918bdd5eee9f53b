using System.Net;

namespace CbtProgram.IntegrationTests.Journey;

public sealed class SelfRegistrationTests
{
    [Fact]
    public async Task Registration_IsOffByDefault()
    {
        await using var site = new CbtWebApplicationFactory();
        await site.InitializeAsync();

        var response = await site.CreateBrowserLikeClient().GetAsync("/account/register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Create an account", await site.CreateBrowserLikeClient().GetStringAsync("/account/sign-in"));
    }

    [Fact]
    public async Task Registration_WhenSwitchedOn_EmailsALink_ThatCreatesAPatientWhoStartsWithConsent()
    {
        await using var site = new CbtWebApplicationFactory();
        site.WithSetting("Enrolment:SelfRegistration", "true");
        await site.InitializeAsync();
        var client = site.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/account/register", "/account/register",
            [new("name", "Reg Self"), new("email", "reg.self@example.org"), new("password", "RegPassword#2026")]);

        Assert.Contains("Check your email", await response.Content.ReadAsStringAsync());
        var link = System.Text.RegularExpressions.Regex.Match(await site.LatestEmailToAsync("reg.self@example.org"), @"http://\S+/account/register/confirm\?\S+").Value;
        var confirm = await client.FollowEmailLinkAsync(link);
        var finished = await client.PostFormAsync(confirm, confirm, []);
        Assert.Equal("/patient", finished.Headers.Location!.OriginalString);
        Assert.Equal("/patient/consent", (await client.GetAsync("/patient")).Headers.Location!.OriginalString);
    }
}
