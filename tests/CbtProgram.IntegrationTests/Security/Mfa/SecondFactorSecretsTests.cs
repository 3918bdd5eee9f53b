using System.Net;
using CbtProgram.Web.Security;

namespace CbtProgram.IntegrationTests.Security.Mfa;

/// <summary>A copy of the database gives nobody a second factor: no authenticator key or recovery code is stored as it was shown.</summary>
public sealed class SecondFactorSecretsTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task TheAuthenticatorKeyAndRecoveryCodes_AreNotInTheDatabase_YetStillWork()
    {
        await site.CreateUserAsync("secrets@example.org", "Sid Secrets", Roles.Therapist);
        var client = await site.SignedInAsAsync("secrets@example.org", TestPeople.Password);
        var (key, codes) = await client.SetUpAuthenticatorAsync();

        var stored = (await DatabaseText.EveryValueAsync(site.ConnectionString)).Select(v => v.Text).ToList();
        Assert.DoesNotContain(stored, value => value.Contains(key, StringComparison.OrdinalIgnoreCase));
        foreach (var code in codes)
        {
            Assert.DoesNotContain(stored, value => value.Contains(code, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(stored, value => value.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        }

        // The sealed key still makes the same codes as the app, and a recovery code still signs in (once).
        var withCode = site.CreateBrowserLikeClient();
        await withCode.SignInAsync("secrets@example.org", TestPeople.Password);
        Assert.Equal("/therapist", (await withCode.EnterCodeAsync(MfaSteps.NextCodeFor(key))).Headers.Location!.OriginalString);
        var withRecovery = site.CreateBrowserLikeClient();
        await withRecovery.SignInAsync("secrets@example.org", TestPeople.Password);
        var recovered = await withRecovery.EnterRecoveryCodeAsync(codes[3]);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal("/therapist", recovered.Headers.Location!.OriginalString);
    }
}
