using System.Net;
using CbtProgram.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Accounts;

public sealed class SignInTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Theory]
    [InlineData("admin@example.org", "/admin")]
    [InlineData("therapist@example.org", "/therapist")]
    [InlineData("patient@example.org", "/patient")]
    public async Task SignIn_WithDemoAccount_SendsEachRoleToItsOwnHome(string email, string home)
    {
        var client = site.CreateBrowserLikeClient();

        var response = await client.SignInAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, response.Headers.Location!.OriginalString);
        var page = await client.GetAsync(home);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsPlainMessageAndStaysSignedOut()
    {
        var client = site.CreateBrowserLikeClient();

        var response = await client.SignInAsync("therapist@example.org", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That email address and password do not match", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/therapist")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithEmptyForm_NamesEachMissingField()
    {
        var client = site.CreateBrowserLikeClient();

        var response = await client.SignInAsync("", "");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your email address.", html);
        Assert.Contains("Enter your password.", html);
    }

    [Fact]
    public async Task SignIn_AfterWrongPasswordsFromManyAddresses_LocksTheAccount_SaysNothingNew_AndEmailsTheOwner()
    {
        const string email = "lockout-test@example.org";
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Lockout Test" }, "RightPassword#1");
        }
        var client = site.CreateBrowserLikeClient();

        for (var attempt = 1; attempt <= AccountsSetup.MaxFailedSignIns; attempt++) // one failure per address counts
            await TestClientAddress.From(client, $"192.0.2.{attempt}").SignInAsync(email, "WrongPassword#1");
        var withRightPassword = await client.SignInAsync(email, "RightPassword#1");

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        var html = await withRightPassword.Content.ReadAsStringAsync();
        Assert.Contains("That email address and password do not match", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/patient")).StatusCode);
        Assert.Contains("It unlocks by itself at", await site.LatestEmailToAsync(email, "locked"));
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var client = await site.SignedInAsAsync("patient@example.org");
        var token = await client.AntiforgeryTokenAsync("/patient");

        var response = await client.PostAsync("/account/sign-out",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetAsync("/patient");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery);
    }
}
