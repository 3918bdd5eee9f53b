using CbtProgram.IntegrationTests.Security.Mfa;
using CbtProgram.Web.Accounts.Sessions;
using CbtProgram.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Sessions;

/// <summary>A browser that signs in again (here: setting up a second factor upgrades its sign-in) keeps one session, not two.</summary>
public sealed class SessionReplacedTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task SettingUpASecondFactor_ReplacesThisBrowsersSession_AndLeavesNoSecondOne()
    {
        var user = await site.CreateUserAsync("one.session@example.org", "Olive One", Roles.Patient);
        var client = await site.SignedInAsAsync("one.session@example.org", TestPeople.Password);

        await client.SetUpAuthenticatorAsync();

        await using var scope = site.Services.CreateAsyncScope();
        var active = await scope.ServiceProvider.GetRequiredService<UserSessions>().ActiveAsync(user.Id);
        Assert.Single(active);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/account/sessions")).StatusCode); // the new one is this browser's
    }
}
