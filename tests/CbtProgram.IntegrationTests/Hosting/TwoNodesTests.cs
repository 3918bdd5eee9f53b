using System.Net;

namespace CbtProgram.IntegrationTests.Hosting;

/// <summary>Two app processes' worth of site on one database: a cookie from one node works on the other.</summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _first = new();
    private readonly CbtWebApplicationFactory _second = new();

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second.SharingDatabaseWith(_first).WithSetting("Jobs:RunServer", "false");
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task SignInCookie_FromOneNode_IsAcceptedByAnother()
    {
        var onFirst = await _first.SignedInAsAsync("therapist@example.org");
        var cookie = await SignInCookieAsync("therapist@example.org");

        var onSecond = _second.CreateBrowserLikeClient();
        onSecond.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await onSecond.GetAsync("/therapist");

        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/therapist")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your caseload", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> SignInCookieAsync(string email)
    {
        var client = _first.CreateBrowserLikeClient();
        var response = await client.SignInAsync(email);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CbtProgram.Web.Accounts.Sessions.SessionsSetup.AuthCookie + "=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }
}
