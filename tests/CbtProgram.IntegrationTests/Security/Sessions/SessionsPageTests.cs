using System.Text.RegularExpressions;
using CbtProgram.Web.Accounts.Sessions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Sessions;

/// <summary>"Your devices": every session listed, one signed out from another, everywhere else signed out at once.</summary>
public sealed partial class SessionsPageTests : IAsyncLifetime
{
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Laptop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<HttpClient> SignedInOnAsync(string email, string userAgent)
    {
        var client = _site.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SignInAsync(email)).StatusCode);
        return client;
    }

    [Fact]
    public async Task Page_ListsEachDevice_AndSignsOutTheOtherOne()
    {
        var laptop = await SignedInOnAsync("patient@example.org", Laptop);
        var phone = await SignedInOnAsync("patient@example.org", Phone);

        var page = await laptop.GetStringAsync("/account/sessions");

        Assert.Contains("Firefox on Windows", page, StringComparison.Ordinal);
        Assert.Contains("Safari on iPhone", page, StringComparison.Ordinal);
        Assert.Contains("(this device)", page, StringComparison.Ordinal);
        var phoneSession = Assert.Single(SignOutButtons().Matches(page)).Groups[1].Value;

        await laptop.PostFormAsync("/account/sessions", $"/account/sessions/{phoneSession}/sign-out", []);

        Assert.False(await phone.IsSignedInAtAsync("/account/sessions"));
        Assert.True(await laptop.IsSignedInAtAsync("/account/sessions"));
        Assert.DoesNotContain("Safari on iPhone", await laptop.GetStringAsync("/account/sessions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOutEverywhereElse_EndsEveryOtherSession_AndKeepsThisOne()
    {
        var others = new[] { await SignedInOnAsync("therapist@example.org", Phone), await SignedInOnAsync("therapist@example.org", Phone) };
        var here = await SignedInOnAsync("therapist@example.org", Laptop);
        var colleague = await SignedInOnAsync("lead@example.org", Phone);

        await here.PostFormAsync("/account/sessions", "/account/sessions/sign-out-others", []);

        foreach (var other in others)
            Assert.False(await other.IsSignedInAtAsync("/account/sessions"));
        Assert.True(await here.IsSignedInAtAsync("/account/sessions"));
        Assert.True(await colleague.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task SomeoneElsesSession_CannotBeSignedOut()
    {
        var victim = await SignedInOnAsync("lead@example.org", Phone);
        var attacker = await SignedInOnAsync("patient@example.org", Laptop);
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var leadId = await db.Users.Where(u => u.Email == "lead@example.org").Select(u => u.Id).SingleAsync();
        var leadSession = await db.UserSessions.Where(s => s.UserId == leadId).Select(s => s.Id).FirstAsync();

        await attacker.PostFormAsync("/account/sessions", $"/account/sessions/{leadSession}/sign-out", []);

        Assert.True(await victim.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task RevokeAll_ThePublicMethodForPasswordChanges_SignsOutEveryDevice()
    {
        var phone = await SignedInOnAsync("admin@example.org", Phone);
        var laptop = await SignedInOnAsync("admin@example.org", Laptop);
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var adminId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == "admin@example.org").Select(u => u.Id).SingleAsync();
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<UserSessions>().RevokeAllAsync(adminId, "password changed"));
        }

        Assert.False(await phone.IsSignedInAtAsync("/account/sessions"));
        Assert.False(await laptop.IsSignedInAtAsync("/account/sessions"));
    }

    [GeneratedRegex("action=\"/account/sessions/([0-9a-f-]{36})/sign-out\"")]
    private static partial Regex SignOutButtons();
}
