using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Accounts;

/// <summary>The header's low-stimulus switch: a form post that remembers the choice per account and returns to the page.</summary>
public sealed class LowStimulusSwitchTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private const string FollowsTheDevice = "<link rel=\"stylesheet\" href=\"/css/low-stimulus.css?v=";

    [Fact]
    public async Task BeforeAnyChoice_PagesFollowTheDevicesDarkSetting()
    {
        var client = await SignedInTherapistAsync("calm-none@example.org");

        var html = await client.GetStringAsync("/therapist");

        Assert.Contains("<html lang=\"en\" data-theme=\"device\">", html);
        Assert.Contains("media=\"(prefers-color-scheme: dark)\"", html);
        Assert.Contains("name=\"on\" value=\"true\" aria-pressed=\"false\"", html);
        Assert.Contains("name=\"on\" value=\"false\" aria-pressed=\"true\"", html);
    }

    [Fact]
    public async Task SwitchingOn_ReturnsToThePage_DrawsItInTheTheme_AndIsRememberedAtTheNextSignIn()
    {
        var client = await SignedInTherapistAsync("calm-on@example.org");

        var response = await SwitchAsync(client, on: true, returnUrl: "/therapist/invite?from=menu");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/therapist/invite?from=menu", response.Headers.Location!.OriginalString);
        var html = await client.GetStringAsync("/therapist/invite");
        Assert.Contains("data-theme=\"low-stimulus\"", html);
        Assert.Contains("media=\"all\"", html);
        Assert.Contains("name=\"on\" value=\"false\" aria-pressed=\"true\"", html);
        Assert.True(await LowStimulusAsync("calm-on@example.org"));
        var elsewhere = await site.SignedInAsAsync("calm-on@example.org", TestPeople.Password);
        Assert.Contains("data-theme=\"low-stimulus\"", await elsewhere.GetStringAsync("/therapist"));
    }

    [Fact]
    public async Task SwitchingOff_KeepsTheStandardTheme_EvenOnADarkDevice()
    {
        var client = await SignedInTherapistAsync("calm-off@example.org");
        await SwitchAsync(client, on: true, "/therapist");

        await SwitchAsync(client, on: false, "/therapist");

        var html = await client.GetStringAsync("/therapist");
        Assert.Contains("data-theme=\"standard\"", html);
        Assert.DoesNotContain(FollowsTheDevice, html);
        Assert.Contains("name=\"on\" value=\"true\" aria-pressed=\"false\"", html);
        Assert.False(await LowStimulusAsync("calm-off@example.org"));
        var elsewhere = await site.SignedInAsAsync("calm-off@example.org", TestPeople.Password);
        Assert.Contains("data-theme=\"standard\"", await elsewhere.GetStringAsync("/therapist"));
    }

    [Theory]
    [InlineData("https://elsewhere.example/phish")]
    [InlineData("//elsewhere.example/phish")]
    [InlineData("/\\elsewhere.example")]
    [InlineData("")]
    public async Task Switch_GoesOnlyToAddressesOnThisSite(string returnUrl)
    {
        var client = await SignedInTherapistAsync($"calm-return-{Guid.NewGuid():N}@example.org");

        var response = await SwitchAsync(client, on: true, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Switch_WithoutAnAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var client = await SignedInTherapistAsync("calm-forged@example.org");

        var response = await client.PostAsync("/account/low-stimulus", new FormUrlEncodedContent(new Dictionary<string, string> { ["on"] = "true" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await LowStimulusAsync("calm-forged@example.org"));
    }

    [Fact]
    public async Task Switch_IsOnlyForSignedInPeople()
    {
        var client = site.CreateBrowserLikeClient();

        var html = await client.GetStringAsync("/crisis");
        var response = await client.PostFormAsync("/account/sign-in", "/account/low-stimulus", [new("on", "true"), new("returnUrl", "/")]);

        Assert.DoesNotContain("Low-stimulus mode", html);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task SwitchOnAnErrorPage_ReturnsToTheAddressThatWasAskedFor()
    {
        var client = await SignedInTherapistAsync("calm-lost@example.org");

        var response = await client.GetAsync("/therapist/no-such-page?x=1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("name=\"returnUrl\" value=\"/therapist/no-such-page?x=1\"", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> SignedInTherapistAsync(string email)
    {
        await site.CreateUserAsync(email, "Theo Therapist", Roles.Therapist);
        return await site.SignedInAsAsync(email, TestPeople.Password);
    }

    private static Task<HttpResponseMessage> SwitchAsync(HttpClient client, bool on, string returnUrl) =>
        client.PostFormAsync("/therapist", "/account/low-stimulus", [new("on", on ? "true" : "false"), new("returnUrl", returnUrl)]);

    private async Task<bool> LowStimulusAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == email).Select(u => u.LowStimulus).SingleAsync();
    }
}

internal static class LocationExtensions
{
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
