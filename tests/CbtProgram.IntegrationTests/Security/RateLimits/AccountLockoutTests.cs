using System.Net;
using CbtProgram.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.RateLimits;

/// <summary>
/// The account-wide lockout counts one wrong password per address a day, so one stranger can never lock a therapist
/// out, however many guesses they make (here with the rate limits off, so every guess reaches the password check).
/// </summary>
public sealed class AccountLockoutTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task FiftyWrongPasswords_FromOneAddress_NeverLockTheAccount()
    {
        const string email = "one-stranger@example.org";
        await CreateAsync(email);
        var stranger = TestClientAddress.From(site.CreateBrowserLikeClient(), "198.51.100.20");

        for (var i = 0; i < 50; i++)
            Assert.Equal(HttpStatusCode.OK, (await stranger.SignInAsync(email, $"Guess#{i:D6}")).StatusCode);
        var owner = await TestClientAddress.From(site.CreateBrowserLikeClient(), "198.51.100.21").SignInAsync(email, "RightPassword#1");

        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task WrongPasswords_FromOneAddressFewerThanTheLimit_DoNotLock_ButFromTheLimitDo()
    {
        const string email = "many-strangers@example.org";
        await CreateAsync(email);

        for (var i = 1; i < AccountsSetup.MaxFailedSignIns; i++)
            await TestClientAddress.From(site.CreateBrowserLikeClient(), $"192.0.2.{i}").SignInAsync(email, "Wrong#1234567");
        var lockedBefore = await LockedAsync(email);
        await TestClientAddress.From(site.CreateBrowserLikeClient(), $"192.0.2.{AccountsSetup.MaxFailedSignIns}").SignInAsync(email, "Wrong#1234567");

        Assert.False(lockedBefore);
        Assert.True(await LockedAsync(email));
    }

    private async Task CreateAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>()
            .CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Lockout Test" }, "RightPassword#1");
        Assert.True(created.Succeeded);
    }

    private async Task<bool> LockedAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!);
    }
}
