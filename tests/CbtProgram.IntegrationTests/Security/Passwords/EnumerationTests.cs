using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Passwords;

/// <summary>The site with self-registration on, so its form can be probed too.</summary>
public sealed class RegistrationOnSite : CbtWebApplicationFactory
{
    public RegistrationOnSite() => WithSetting(RegistrationController.Setting, "true");
}

/// <summary>
/// Nobody can learn from sign-in, registration or an invitation whether an address has an account here, which would
/// tell them that someone is a mental-health patient. The owner hears by email instead.
/// </summary>
public sealed partial class EnumerationTests(RegistrationOnSite site) : IClassFixture<RegistrationOnSite>
{
    private static string Summary(string page) => ValidationSummary().Match(page).Value;

    [Fact]
    public async Task SignIn_ALockedAccount_AndAnUnknownAddress_GetTheSameAnswer_AndTheOwnerIsEmailed()
    {
        await site.CreateUserAsync("locked.out@example.org", "Lou Locked", Roles.Patient);
        var attacker = site.CreateBrowserLikeClient();
        for (var attempt = 1; attempt <= AccountsSetup.MaxFailedSignIns; attempt++) // one failure per address counts toward the lock
            await TestClientAddress.From(attacker, $"192.0.2.{attempt}").SignInAsync("locked.out@example.org", "wrong guess number " + attempt);

        var locked = await PagesCompared.ReadAsync(await attacker.SignInAsync("locked.out@example.org", TestPeople.Password));
        var unknown = await PagesCompared.ReadAsync(await site.CreateBrowserLikeClient().SignInAsync("not.a.patient@example.org", TestPeople.Password));

        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Equal(unknown.Status, locked.Status);
        Assert.Equal(Summary(unknown.Page), Summary(locked.Page));
        Assert.Equal(unknown.Page.Replace("not.a.patient@", "locked.out@", StringComparison.Ordinal), locked.Page);
        var email = await site.LatestEmailToAsync("locked.out@example.org", "locked");
        Assert.Contains("It unlocks by itself at", email);
        Assert.Contains("/account/forgot-password", email);
        await using var scope = site.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.To == "locked.out@example.org"));
    }

    [Fact]
    public async Task Register_WithAnAddressInUse_AnswersAsForANewOne_AndEmailsTheOwner_NotTheFormFiller()
    {
        await site.CreateUserAsync("already.here@example.org", "Al Ready", Roles.Patient);

        var used = await PagesCompared.ReadAsync(await Register("already.here@example.org"));
        var fresh = await PagesCompared.ReadAsync(await Register("brand.new@example.org"));

        Assert.Equal(HttpStatusCode.OK, used.Status);
        Assert.Equal(fresh.Status, used.Status);
        Assert.Equal(fresh.Page.Replace("brand.new@", "already.here@", StringComparison.Ordinal), used.Page);
        Assert.Contains("Check your email", used.Page);
        Assert.Contains("You already have one, so nothing was changed.", await site.LatestEmailToAsync("already.here@example.org"));
        Assert.Contains("/account/register/confirm", await site.LatestEmailToAsync("brand.new@example.org"));
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "brand.new@example.org")); // made only when the link is followed
    }

    private Task<HttpResponseMessage> Register(string email) =>
        site.CreateBrowserLikeClient().PostFormAsync("/account/register", "/account/register",
            [new("name", "Pat Probe"), new("email", email), new("password", "quiet meadow lantern")]);

    [Fact]
    public async Task Register_TheEmailedLink_MakesTheAccountOnce()
    {
        await Register("once.only@example.org");
        var link = Regex.Match(await site.LatestEmailToAsync("once.only@example.org"), @"http://\S+/account/register/confirm\?\S+").Value;
        var browser = site.CreateBrowserLikeClient();
        var clean = await browser.FollowEmailLinkAsync(link);

        var made = await browser.PostFormAsync(clean, clean, []);
        var second = site.CreateBrowserLikeClient();
        await second.FollowEmailLinkAsync(link);
        var again = await second.PostFormAsync(clean, clean, []);

        Assert.Equal("/account/register/confirm", clean);
        Assert.Equal("/patient", made.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("/patient", (await site.CreateBrowserLikeClient().SignInAsync("once.only@example.org", "quiet meadow lantern")).Headers.Location!.OriginalString);
    }

    [GeneratedRegex("<div class=\"alert alert-danger[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex ValidationSummary();
}
