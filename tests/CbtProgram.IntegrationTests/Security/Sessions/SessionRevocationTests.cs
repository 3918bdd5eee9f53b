using System.Net;
using CbtProgram.Web.Accounts.Sessions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Sessions;

/// <summary>The sign-in cookie is only a key to a session the server keeps: signing out ends it for every copy.</summary>
public sealed class SessionRevocationTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task CopiedCookie_AfterSignOut_IsSignedOut()
    {
        var (browser, response) = await _site.SignInAsync("therapist@example.org");
        var copy = _site.WithCopiedCookie(response.AuthSetCookie());
        Assert.True(await copy.IsSignedInAtAsync("/therapist"));

        var signOut = await browser.PostFormAsync("/therapist", "/account/sign-out", []);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.False(await copy.IsSignedInAtAsync("/therapist"));
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var session = await db.UserSessions.AsNoTracking().SingleAsync(s => s.UserId == therapistId);
        Assert.Equal("signed out", session.RevokedReason);
    }

    /// <summary>The patient pages read the patient's state in the session check's round trip; a refused session still gets nothing.</summary>
    [Fact]
    public async Task CopiedPatientCookie_AfterSignOut_OpensNoPatientPage()
    {
        var (browser, response) = await _site.SignInAsync("patient@example.org");
        var copy = _site.WithCopiedCookie(response.AuthSetCookie());
        Assert.True(await copy.IsSignedInAtAsync("/patient"));

        await browser.PostFormAsync("/patient", "/account/sign-out", []);

        foreach (var page in new[] { "/patient", "/patient/progress", "/patient/modules/1" })
            Assert.False(await copy.IsSignedInAtAsync(page), page);
        Assert.False(await browser.IsSignedInAtAsync("/patient"));
    }

    [Fact]
    public async Task APatientWhoseAccountIsTurnedOff_IsSignedOutOfThePatientPages_EvenWithTheirSessionStillOpen()
    {
        var (patient, _) = await _site.SignInAsync("patient@example.org");
        Assert.True(await patient.IsSignedInAtAsync("/patient"));
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Only the account is marked: the session record stays open, so the check's own look at the account decides.
            await db.Users.Where(u => u.Email == "patient@example.org").ExecuteUpdateAsync(u => u.SetProperty(x => x.DisabledAt, DateTimeOffset.UtcNow));
        }

        Assert.False(await patient.IsSignedInAtAsync("/patient"));
    }

    [Fact]
    public async Task SessionRecord_KeepsOnlyAHashOfTheKey_AndTheDevice()
    {
        var client = _site.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0");
        await client.SignInAsync("lead@example.org");

        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var leadId = await db.Users.Where(u => u.Email == "lead@example.org").Select(u => u.Id).SingleAsync();
        var session = await db.UserSessions.AsNoTracking().SingleAsync(s => s.UserId == leadId);
        Assert.Equal(32, session.KeyHash.Length);
        Assert.Equal("Firefox on Windows", session.Device);
        Assert.False(session.Persistent);
    }

    [Fact]
    public async Task RefreshedSignIn_KeepsItsSession_RatherThanStartingAnother()
    {
        var (patient, _) = await _site.SignInAsync("patient@example.org");

        var switched = await patient.PostFormAsync("/account/sessions", "/account/low-stimulus", [new("on", "true"), new("returnUrl", "/account/sessions")]);

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.True(await patient.IsSignedInAtAsync("/account/sessions"));
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var patientId = await db.Users.Where(u => u.Email == "patient@example.org").Select(u => u.Id).SingleAsync();
        Assert.Equal(1, await db.UserSessions.CountAsync(s => s.UserId == patientId));
    }

    [Fact]
    public async Task Cookies_AreHostPrefixed_SecureAndHttpOnly()
    {
        var client = _site.CreateBrowserLikeClient();
        var page = await client.GetAsync("/account/sign-in");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-", StringComparison.Ordinal));
        var (_, signedIn) = await _site.SignInAsync("admin@example.org");
        var auth = signedIn.AuthSetCookie();

        foreach (var cookie in new[] { antiforgery, auth })
        {
            var flags = cookie.ToLowerInvariant();
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("; secure", flags, StringComparison.Ordinal);
            Assert.Contains("; httponly", flags, StringComparison.Ordinal);
            Assert.Contains("; path=/", flags, StringComparison.Ordinal);
            Assert.DoesNotContain("domain=", flags, StringComparison.Ordinal);
        }
        Assert.Contains("samesite=strict", antiforgery.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("samesite=lax", auth.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.StartsWith(SessionsSetup.AuthCookie, auth, StringComparison.Ordinal);
    }
}
