using System.Net;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Mfa;

/// <summary>The site with staff MFA required, as outside Development.</summary>
public sealed class MfaRequiredSite : CbtWebApplicationFactory
{
    public MfaRequiredSite() => WithSetting("Accounts:RequireStaffMfa", "true");
}

/// <summary>With MFA required, staff who signed in with a password alone see nothing but the set-up pages; patients are never forced.</summary>
public sealed class StaffMfaRequirementTests(MfaRequiredSite site) : IClassFixture<MfaRequiredSite>
{
    private static readonly string[] StaffPages = ["/admin", "/admin/patients", "/admin/accounts/new", "/hangfire", "/hangfire/servers", "/metrics", "/therapist/invite"];

    [Fact]
    public async Task AnAdminWithoutASecondFactor_IsSentToSetOneUp_FromEveryPage()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");

        foreach (var page in StaffPages)
        {
            var response = await admin.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)response.StatusCode}");
            Assert.Equal("/account/security", response.Headers.Location!.OriginalString);
        }
        var form = await admin.PostAsync($"/admin/patients/{Guid.NewGuid()}/therapist", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        Assert.Equal("/account/security", form.Headers.Location!.OriginalString);

        var setUp = await admin.GetStringAsync("/account/security");
        Assert.Contains("Staff accounts need a second step to sign in.", setUp);
        Assert.Contains("Set up an authenticator app", setUp);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/css/site.css")).StatusCode);
    }

    [Fact]
    public async Task ATherapistWithoutASecondFactor_IsSentToSetOneUp()
    {
        var therapist = await site.SignedInAsAsync("therapist@example.org");

        var response = await therapist.GetAsync("/therapist");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/security", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AfterSettingUpAnAuthenticator_TheSameSessionReachesEverything_AndTheNextSignInAsksForTheCode()
    {
        await site.CreateUserAsync("mfa-admin@example.org", "Ada Admin", Roles.Admin);
        var admin = await site.SignedInAsAsync("mfa-admin@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin")).StatusCode);

        var (key, _) = await admin.SetUpAuthenticatorAsync();

        foreach (var page in new[] { "/admin", "/hangfire", "/metrics" })
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(page)).StatusCode);
        var next = site.CreateBrowserLikeClient();
        var password = await next.SignInAsync("mfa-admin@example.org", TestPeople.Password);
        Assert.StartsWith("/account/sign-in/code", password.Headers.Location!.OriginalString);
        await next.EnterCodeAsync(MfaSteps.NextCodeFor(key));
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task AStaffMembersLastSecondFactor_CannotBeRemoved()
    {
        await site.CreateUserAsync("mfa-keep@example.org", "Kit Keep", Roles.Therapist);
        var therapist = await site.SignedInAsAsync("mfa-keep@example.org", TestPeople.Password);
        await therapist.SetUpAuthenticatorAsync();

        var response = await therapist.PostFormAsync("/account/security", "/account/security/authenticator/remove", []);

        Assert.Equal("/account/security", response.Headers.Location!.OriginalString);
        Assert.Contains("this is your last one and it stays", WebUtility.HtmlDecode(await therapist.GetStringAsync("/account/security")));
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync("mfa-keep@example.org"))!));
    }

    [Fact]
    public async Task APatient_IsNeverForced_ButIsOfferedIt()
    {
        var patient = await site.SignedInAsAsync("patient@example.org");

        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync("/patient")).StatusCode);
        var security = await patient.GetStringAsync("/account/security");
        Assert.DoesNotContain("Staff accounts need a second step", security);
        Assert.Contains("Set up an authenticator app", security);
        Assert.Contains("href=\"/account/security\">Your account</a>", await patient.GetStringAsync("/patient"));
    }
}

/// <summary>With the requirement off (Development's default), staff reach their pages with a password alone.</summary>
public sealed class StaffMfaNotRequiredTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task AnAdmin_ReachesAdminPagesTheJobDashboardAndMetrics()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");

        foreach (var page in new[] { "/admin", "/hangfire", "/metrics" })
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(page)).StatusCode);
        Assert.DoesNotContain("Staff accounts need a second step", await admin.GetStringAsync("/account/security"));
    }
}
