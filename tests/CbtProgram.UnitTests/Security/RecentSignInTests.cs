using System.Security.Claims;
using CbtProgram.Web.Accounts.Mfa;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.UnitTests.Security;

/// <summary>The re-authentication proof: fresh for the window, bound to the user who made it, useless when altered.</summary>
public sealed class RecentSignInTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly RecentSignIn _proof;

    public RecentSignInTests() =>
        _proof = new RecentSignIn(new EphemeralDataProtectionProvider(), new MfaOptions(true, TimeSpan.FromMinutes(5)), _clock);

    [Fact]
    public void AProof_IsFreshForFiveMinutes_ThenStale()
    {
        var cookie = StampFor("user-1");

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(_proof.IsFresh(RequestAs("user-1", cookie)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_proof.IsFresh(RequestAs("user-1", cookie)));
    }

    [Fact]
    public void AnotherUsersProof_DoesNotCount()
    {
        var cookie = StampFor("user-1");

        Assert.False(_proof.IsFresh(RequestAs("user-2", cookie)));
    }

    [Fact]
    public void AnAlteredOrMissingProof_DoesNotCount()
    {
        var cookie = StampFor("user-1");

        Assert.False(_proof.IsFresh(RequestAs("user-1", cookie[..^2] + "AA")));
        Assert.False(_proof.IsFresh(RequestAs("user-1", null)));
    }

    [Theory]
    [InlineData("Development", null, false)]
    [InlineData("Production", null, true)]
    [InlineData("Testing", null, true)]
    [InlineData("Development", "true", true)]
    [InlineData("Production", "false", false)]
    public void StaffMfa_IsRequiredOutsideDevelopment_UnlessSet(string environment, string? setting, bool required)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [MfaOptions.RequireStaffMfaSetting] = setting }).Build();

        var options = MfaOptions.From(configuration, new Environment(environment));

        Assert.Equal(required, options.RequireStaffMfa);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RecentSignInWindow);
    }

    private string StampFor(string userId)
    {
        var http = new DefaultHttpContext();
        _proof.Stamp(http, userId);
        var header = http.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", header);
        Assert.Contains("samesite=strict", header);
        return header.Split(';')[0][(RecentSignIn.CookieName.Length + 1)..];
    }

    private static DefaultHttpContext RequestAs(string userId, string? cookie)
    {
        var http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test")),
        };
        if (cookie is not null)
            http.Request.Headers.Cookie = $"{RecentSignIn.CookieName}={cookie}";
        return http;
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "CbtProgram.Web";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
