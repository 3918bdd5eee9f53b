using System.Net;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Mfa;

/// <summary>Authenticator apps (TOTP) and recovery codes: set-up confirmed by a code, then a second step at every sign-in.</summary>
public sealed class AuthenticatorTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task SetUp_RefusesAWrongCode_AndLeavesTheAccountAsItWas()
    {
        await site.CreateUserAsync("totp-wrong@example.org", "Tess Wrong", Roles.Patient);
        var client = await site.SignedInAsAsync("totp-wrong@example.org", TestPeople.Password);
        var key = await client.StartAuthenticatorAsync();

        var response = await client.ConfirmAuthenticatorAsync(WrongCode(key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That code did not match", await response.TextAsync());
        Assert.False(await TwoFactorOnAsync("totp-wrong@example.org"));
        var again = await site.CreateBrowserLikeClient().SignInAsync("totp-wrong@example.org", TestPeople.Password);
        Assert.Equal("/patient", again.Headers.Location!.OriginalString); // still the password alone
    }

    [Fact]
    public async Task AfterSetUp_SignInAsksForTheCode_AndTheRightCodeSignsIn()
    {
        await site.CreateUserAsync("totp-on@example.org", "Tom Totp", Roles.Therapist);
        var client = await site.SignedInAsAsync("totp-on@example.org", TestPeople.Password);
        var (key, _) = await client.SetUpAuthenticatorAsync();
        Assert.True(await TwoFactorOnAsync("totp-on@example.org"));
        Assert.Contains("10</strong> unused recovery codes", await client.GetStringAsync("/account/security"));

        var fresh = site.CreateBrowserLikeClient();
        var password = await fresh.SignInAsync("totp-on@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/sign-in/code", password.Headers.Location!.OriginalString);
        var notYet = await fresh.GetAsync("/therapist");
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        Assert.StartsWith("/account/sign-in", notYet.Headers.Location!.AbsolutePath);

        var wrong = await fresh.EnterCodeAsync(WrongCode(key));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code did not work", await wrong.TextAsync());

        var right = await fresh.EnterCodeAsync(MfaSteps.NextCodeFor(key)); // the set-up's own code is spent
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/therapist", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/therapist")).StatusCode);
    }

    [Fact]
    public async Task ACodeThatSignedIn_IsRefusedTheSecondTime()
    {
        await site.CreateUserAsync("totp-replay@example.org", "Ray Replay", Roles.Therapist);
        var client = await site.SignedInAsAsync("totp-replay@example.org", TestPeople.Password);
        var (key, _) = await client.SetUpAuthenticatorAsync();
        var code = MfaSteps.NextCodeFor(key);
        var first = site.CreateBrowserLikeClient();
        await first.SignInAsync("totp-replay@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await first.EnterCodeAsync(code)).StatusCode);

        var second = site.CreateBrowserLikeClient();
        await second.SignInAsync("totp-replay@example.org", TestPeople.Password);
        var replayed = await second.EnterCodeAsync(code);

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("That code was used already", await replayed.TextAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/therapist")).StatusCode);
    }

    [Fact]
    public async Task ARecoveryCode_SignsInOnce_AndNeverAgain()
    {
        await site.CreateUserAsync("totp-recovery@example.org", "Rae Recovery", Roles.Therapist);
        var client = await site.SignedInAsAsync("totp-recovery@example.org", TestPeople.Password);
        var (_, codes) = await client.SetUpAuthenticatorAsync();

        var first = site.CreateBrowserLikeClient();
        await first.SignInAsync("totp-recovery@example.org", TestPeople.Password);
        var used = await first.EnterRecoveryCodeAsync(codes[3].ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal("/therapist", used.Headers.Location!.OriginalString);
        Assert.Contains("9</strong> unused recovery codes", await first.GetStringAsync("/account/security"));

        var second = site.CreateBrowserLikeClient();
        await second.SignInAsync("totp-recovery@example.org", TestPeople.Password);
        var reused = await second.EnterRecoveryCodeAsync(codes[3]);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("Each code works only once", await reused.TextAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/therapist")).StatusCode);
    }

    [Fact]
    public async Task WrongCodes_LockTheAccount_LikeWrongPasswords()
    {
        await site.CreateUserAsync("totp-lock@example.org", "Lou Lock", Roles.Therapist);
        var client = await site.SignedInAsAsync("totp-lock@example.org", TestPeople.Password);
        var (key, _) = await client.SetUpAuthenticatorAsync();
        var attacker = site.CreateBrowserLikeClient();
        await attacker.SignInAsync("totp-lock@example.org", TestPeople.Password);

        for (var i = 1; i < AccountsSetup.MaxFailedSignIns; i++)
            Assert.Equal(HttpStatusCode.OK, (await attacker.EnterCodeAsync(WrongCode(key))).StatusCode);
        var locked = await attacker.EnterCodeAsync(WrongCode(key));

        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("locked", (await attacker.GetStringAsync("/account/sign-in")));
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("totp-lock@example.org"))!));
    }

    [Fact]
    public async Task NewRecoveryCodes_ReplaceTheOldOnes()
    {
        await site.CreateUserAsync("totp-new-codes@example.org", "Nia Codes", Roles.Patient);
        var client = await site.SignedInAsAsync("totp-new-codes@example.org", TestPeople.Password);
        var (_, old) = await client.SetUpAuthenticatorAsync();

        var response = await client.PostFormAsync("/account/security", "/account/security/recovery-codes", []);

        var html = await response.TextAsync();
        Assert.Contains("Your old recovery codes no longer work", html);
        Assert.DoesNotContain(old[0], html);
        var signIn = site.CreateBrowserLikeClient();
        await signIn.SignInAsync("totp-new-codes@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.OK, (await signIn.EnterRecoveryCodeAsync(old[0])).StatusCode); // refused
    }

    /// <summary>A code that is none of those the app would show around now.</summary>
    private static string WrongCode(string key)
    {
        var near = Enumerable.Range(-3, 7).Select(step => MfaSteps.CodeFor(key, DateTime.UtcNow.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => (123456 + i * 7919 % 1000000).ToString("D6")).First(c => !near.Contains(c));
    }

    private async Task<bool> TwoFactorOnAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!);
    }
}
