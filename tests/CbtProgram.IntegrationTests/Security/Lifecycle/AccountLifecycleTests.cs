using System.Net;
using CbtProgram.IntegrationTests.Security.Sessions;
using CbtProgram.Web.Security;

namespace CbtProgram.IntegrationTests.Security.Lifecycle;

/// <summary>Turning accounts off and on, and changing roles: each takes effect on the person's next click.</summary>
public sealed class AccountLifecycleTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Disable_SignsOutTheOpenBrowser_BlocksSignIn_AndEnableLetsThemBack()
    {
        await _site.CreateUserAsync("leaver@example.org", "Lee Leaver", Roles.Therapist);
        var (therapist, _) = await _site.SignInAsync("leaver@example.org", TestPeople.Password);
        Assert.True(await therapist.IsSignedInAtAsync("/therapist"));
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var id = await _site.UserIdAsync("leaver@example.org");

        var notice = await admin.AdminActsAsync(id, "disable");

        Assert.Contains("turned off", notice, StringComparison.Ordinal);
        Assert.False(await therapist.IsSignedInAtAsync("/therapist"));
        var again = await _site.CreateBrowserLikeClient().SignInAsync("leaver@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("do not match", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await _site.AuditCountAsync("disabled account"));

        await admin.AdminActsAsync(id, "enable");

        var (back, _) = await _site.SignInAsync("leaver@example.org", TestPeople.Password);
        Assert.True(await back.IsSignedInAtAsync("/therapist"));
        Assert.Equal(1, await _site.AuditCountAsync("enabled account"));
    }

    [Fact]
    public async Task RoleChange_TakesEffectAtOnce()
    {
        await _site.CreateUserAsync("changing@example.org", "Cam Changing", Roles.Therapist);
        var (before, _) = await _site.SignInAsync("changing@example.org", TestPeople.Password);
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var id = await _site.UserIdAsync("changing@example.org");

        await admin.AdminActsAsync(id, "roles/remove", ("role", Roles.Therapist));

        Assert.False(await before.IsSignedInAtAsync("/therapist"));
        await admin.AdminActsAsync(id, "roles/add", ("role", Roles.ClinicalLead));
        var (after, _) = await _site.SignInAsync("changing@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await after.GetAsync("/therapist")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/safety/alerts")).StatusCode);
        Assert.Equal(1, await _site.AuditCountAsync("removed role"));
    }

    [Fact]
    public async Task LastEnabledAdmin_CannotBeTurnedOffOrLoseTheRole_NorCanAnAdminTurnThemselfOff()
    {
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var adminId = await _site.UserIdAsync("admin@example.org");

        Assert.Contains("cannot turn off your own account", await admin.AdminActsAsync(adminId, "disable"), StringComparison.Ordinal);
        Assert.Contains("only admin who can sign in", await admin.AdminActsAsync(adminId, "roles/remove", ("role", Roles.Admin)), StringComparison.Ordinal);

        await _site.CreateUserAsync("second.admin@example.org", "Ash Second", Roles.Admin);
        var secondId = await _site.UserIdAsync("second.admin@example.org");
        await admin.AdminActsAsync(secondId, "disable");
        Assert.Contains("only admin who can sign in", await admin.AdminActsAsync(adminId, "roles/remove", ("role", Roles.Admin)), StringComparison.Ordinal);
        Assert.True(await admin.IsSignedInAtAsync("/admin"));

        await admin.AdminActsAsync(secondId, "enable");
        var response = await admin.PostFormAsync($"/admin/accounts/{adminId}", $"/admin/accounts/{adminId}/roles/remove", [new("role", Roles.Admin)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await admin.IsSignedInAtAsync("/account/sessions"));
    }

    [Fact]
    public async Task Patient_CanBeTurnedOff_AndIsSignedOut()
    {
        var (patient, _) = await _site.SignInAsync("patient@example.org");
        var admin = await _site.SignedInAsAsync("admin@example.org");

        await admin.AdminActsAsync(await _site.UserIdAsync("patient@example.org"), "disable");

        Assert.False(await patient.IsSignedInAtAsync("/account/sessions"));
        Assert.Contains("Turned off", await admin.GetStringAsync("/admin"), StringComparison.Ordinal);
    }
}
