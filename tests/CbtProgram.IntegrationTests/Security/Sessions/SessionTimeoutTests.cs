using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Security.Sessions;

/// <summary>
/// Idle and absolute limits, on the site's own clock: staff 30 minutes idle and 12 hours in all, patients 60 minutes
/// idle, or 30 days when they chose to stay signed in on their device; staff cannot stay signed in.
/// </summary>
public sealed class SessionTimeoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").WithClock(_clock).InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Staff_IdleThirtyMinutes_IsSignedOut_ButActivityKeepsThemIn()
    {
        var (therapist, _) = await _site.SignInAsync("therapist@example.org");
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await therapist.IsSignedInAtAsync("/account/sessions"));
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await therapist.IsSignedInAtAsync("/account/sessions"));

        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.False(await therapist.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task Staff_AfterTwelveHours_IsSignedOut_HoweverActive()
    {
        var (admin, _) = await _site.SignInAsync("admin@example.org");
        for (var minutes = 20; minutes < 12 * 60; minutes += 20)
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await admin.IsSignedInAtAsync("/account/sessions"), $"signed out after {minutes} minutes");
        }

        _clock.Advance(TimeSpan.FromMinutes(20));

        Assert.False(await admin.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task Staff_WhoTickStaySignedIn_GetABrowserSessionCookie_AndTheStaffIdleLimit()
    {
        var (lead, response) = await _site.SignInAsync("lead@example.org", staySignedIn: true);

        Assert.DoesNotContain("expires=", response.AuthSetCookie().ToLowerInvariant(), StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.False(await lead.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task Patient_IdleSixtyMinutes_IsSignedOut()
    {
        var (patient, _) = await _site.SignInAsync("patient@example.org");
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await patient.IsSignedInAtAsync("/account/sessions"));

        _clock.Advance(TimeSpan.FromMinutes(60));

        Assert.False(await patient.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task Patient_WhoStaysSignedIn_LastsThirtyDays_ThenSignsInAgain()
    {
        var (patient, response) = await _site.SignInAsync("patient@example.org", staySignedIn: true);
        var expires = response.AuthSetCookie().Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(_clock.GetUtcNow().AddDays(30), DateTimeOffset.Parse(expires["expires=".Length..], System.Globalization.CultureInfo.InvariantCulture));

        _clock.Advance(TimeSpan.FromDays(20));
        Assert.True(await patient.IsSignedInAtAsync("/account/sessions"));
        _clock.Advance(TimeSpan.FromDays(9.9));
        Assert.True(await patient.IsSignedInAtAsync("/account/sessions"));

        _clock.Advance(TimeSpan.FromDays(0.2));

        Assert.False(await patient.IsSignedInAtAsync("/account/sessions"));
    }
}
