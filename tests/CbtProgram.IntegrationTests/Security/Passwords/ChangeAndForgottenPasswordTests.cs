using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Passwords;

/// <summary>Change password for anyone signed in; "Forgot your password?" for every role, saying nothing about who has an account.</summary>
public sealed partial class ChangeAndForgottenPasswordTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<int> EmailsToAsync(string to)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.To == to);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string confirm) =>
        client.PostFormAsync("/account/password", "/account/password", [new("currentPassword", current), new("newPassword", next), new("confirmPassword", confirm)]);

    [Fact]
    public async Task ChangePassword_WithTheRightCurrentPassword_ChangesIt_AndEmailsTheOwner()
    {
        await site.CreateUserAsync("changer@example.org", "Cat Changer", Roles.Therapist);
        var client = await site.SignedInAsAsync("changer@example.org", TestPeople.Password);

        var wrongCurrent = await ChangeAsync(client, "not-my-password", "a brand new passphrase", "a brand new passphrase");
        var common = await ChangeAsync(client, TestPeople.Password, "password1234", "password1234");
        Assert.Contains("Your current password is not right.", WebUtility.HtmlDecode(await wrongCurrent.Content.ReadAsStringAsync()));
        Assert.Contains("one of the most common ones", await common.Content.ReadAsStringAsync());
        Assert.Equal(0, await EmailsToAsync("changer@example.org"));

        var changed = await ChangeAsync(client, TestPeople.Password, "a brand new passphrase", "a brand new passphrase");

        Assert.Equal("/therapist", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/therapist")).StatusCode); // still signed in
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().SignInAsync("changer@example.org", TestPeople.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowserLikeClient().SignInAsync("changer@example.org", "a brand new passphrase")).StatusCode);
        var email = await site.LatestEmailToAsync("changer@example.org");
        Assert.Contains("The password of your CbtProgram account was changed", email);
        Assert.Contains("If this was not you", email);
    }

    [Fact]
    public async Task ChangePassword_SignsOutEveryOtherBrowser_AndKeepsThisOne()
    {
        await site.CreateUserAsync("two.browsers@example.org", "Tess Two", Roles.Patient);
        var here = await site.SignedInAsAsync("two.browsers@example.org", TestPeople.Password);
        var elsewhere = await site.SignedInAsAsync("two.browsers@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/account/password")).StatusCode);

        var changed = await ChangeAsync(here, TestPeople.Password, "a quiet river at dawn", "a quiet river at dawn");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/account/password")).StatusCode);
        var other = await elsewhere.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/account/sign-in", other.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ChangePassword_NeedsSigningIn() =>
        Assert.StartsWith("/account/sign-in", (await site.CreateBrowserLikeClient().GetAsync("/account/password")).Headers.Location!.PathAndQuery);

    [Fact]
    public async Task ForgotPassword_AnswersAKnownAndAnUnknownAddressAlike_AndOnlyTheOwnerGetsALink()
    {
        await site.CreateUserAsync("forgetful@example.org", "Fay Forgetful", Roles.Patient);
        var signIn = await site.CreateBrowserLikeClient().GetStringAsync("/account/sign-in");
        Assert.Contains("href=\"/account/forgot-password\"", signIn);

        var known = await PagesCompared.ReadAsync(await site.CreateBrowserLikeClient().PostFormAsync("/account/forgot-password", "/account/forgot-password", [new("email", "forgetful@example.org")]));
        var unknown = await PagesCompared.ReadAsync(await site.CreateBrowserLikeClient().PostFormAsync("/account/forgot-password", "/account/forgot-password", [new("email", "nobody.here@example.org")]));

        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal(known, unknown);
        Assert.Contains("If this address has a CbtProgram account, we have sent it an email", known.Page);
        Assert.Equal(1, await EmailsToAsync("forgetful@example.org"));
        Assert.Equal(0, await EmailsToAsync("nobody.here@example.org"));
    }

    [Fact]
    public async Task ForgotPassword_TheEmailedLink_SetsAPasswordOnce_OffTheAddressBar_AndTellsTheOwner()
    {
        await site.CreateUserAsync("reset.me@example.org", "Rey Reset", Roles.Admin);
        await site.CreateBrowserLikeClient().PostFormAsync("/account/forgot-password", "/account/forgot-password", [new("email", "reset.me@example.org")]);
        var link = ResetLink().Match(await site.LatestEmailToAsync("reset.me@example.org")).Value;
        var browser = site.CreateBrowserLikeClient();

        var followed = await browser.GetAsync(new Uri(link).PathAndQuery);

        Assert.Equal(HttpStatusCode.SeeOther, followed.StatusCode);
        Assert.Equal("/account/set-password", followed.Headers.Location!.OriginalString); // the token is gone from the address
        Assert.Equal("no-referrer", followed.Headers.GetValues("Referrer-Policy").Single());
        var cookie = followed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cbt.set-password=", StringComparison.Ordinal));
        Assert.Contains("path=/account/set-password", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.Contains("httponly", cookie);
        Assert.DoesNotContain(Uri.EscapeDataString(TokenOf(link)), cookie);
        var form = await browser.GetAsync("/account/set-password");
        Assert.DoesNotContain(TokenOf(link), await form.Content.ReadAsStringAsync());

        var set = await browser.PostFormAsync("/account/set-password", "/account/set-password", [new("password", "river stones at dusk"), new("confirmPassword", "river stones at dusk")]);
        var replay = site.CreateBrowserLikeClient();
        await replay.GetAsync(new Uri(link).PathAndQuery);
        var again = await replay.PostFormAsync("/account/set-password", "/account/set-password", [new("password", "someone else's choice"), new("confirmPassword", "someone else's choice")]);

        Assert.Equal("/account/sign-in", set.Headers.Location!.OriginalString);
        Assert.Contains("expired or was used already", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Equal("/admin", (await site.CreateBrowserLikeClient().SignInAsync("reset.me@example.org", "river stones at dusk")).Headers.Location!.OriginalString);
        Assert.Contains("through a \"Forgot your password?\" link", await site.LatestEmailToAsync("reset.me@example.org", "sign-in details"));
    }

    [Fact]
    public async Task SetPassword_AForgedLinkForARealAccount_AndOneForNoAccount_FailAlike()
    {
        var realId = (await site.CreateUserAsync("target@example.org", "Tam Target", Roles.Therapist)).Id;

        async Task<(HttpStatusCode, string)> TryAsync(string user)
        {
            var browser = site.CreateBrowserLikeClient();
            await browser.GetAsync($"/account/set-password?kind=reset&user={user}&token=guessed");
            return await PagesCompared.ReadAsync(await browser.PostFormAsync("/account/set-password", "/account/set-password",
                [new("password", "a guess at a takeover"), new("confirmPassword", "a guess at a takeover")]));
        }

        var real = await TryAsync(realId);
        var none = await TryAsync(Guid.NewGuid().ToString());

        Assert.Equal(real, none);
        Assert.Contains("expired or was used already", WebUtility.HtmlDecode(real.Item2));
    }

    private static string TokenOf(string link) => Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);

    [GeneratedRegex(@"http://\S+/account/set-password\?\S+")]
    private static partial Regex ResetLink();
}
