using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Security.Mfa;

/// <summary>Sensitive staff actions need proof from the last 5 minutes: required, then satisfied, then expired.</summary>
public sealed class RecentSignInTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").WithClock(_clock).InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task NewStaffPage_IsOpenJustAfterSignIn_ThenAsksToConfirm_ThenReturns_ThenExpiresAgain()
    {
        var admin = await _site.SignedInAsAsync("admin@example.org");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/accounts/new")).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(6));
        var stale = await admin.GetAsync("/admin/accounts/new?role=Therapist");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/account/confirm?returnUrl=%2Fadmin%2Faccounts%2Fnew%3Frole%3DTherapist", stale.Headers.Location!.OriginalString);
        Assert.Contains("Confirm it's you", WebUtility.HtmlDecode(await admin.GetStringAsync(stale.Headers.Location.OriginalString)));

        var wrong = await ConfirmAsync(admin, "not my password", "/admin/accounts/new");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That password is not right", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/accounts/new")).StatusCode);

        var right = await ConfirmAsync(admin, SignedInClient.DemoPassword, "/admin/accounts/new");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/admin/accounts/new", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/accounts/new")).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/accounts/new")).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/accounts/new")).StatusCode);
    }

    [Fact]
    public async Task ReassigningAPatient_WithAStaleProof_ChangesNothing_AndComesBackToTheListAfterConfirming()
    {
        var patient = await _site.CreatePatientAsync("reassign-me@example.org", "Remy Reassign");
        var other = await _site.CreateUserAsync("other.therapist@example.org", "Otto Other", Roles.Therapist);
        var admin = await _site.SignedInAsAsync("admin@example.org");
        _clock.Advance(TimeSpan.FromMinutes(6));

        var stale = await ReassignAsync(admin, patient.Id, other.Id);

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/account/confirm?returnUrl=%2Fadmin%2Fpatients", stale.Headers.Location!.OriginalString);
        Assert.NotEqual(other.Id, await TherapistOfAsync(patient.Id));

        var confirmed = await ConfirmAsync(admin, SignedInClient.DemoPassword, "/admin/patients");
        Assert.Equal("/admin/patients", confirmed.Headers.Location!.OriginalString);
        var fresh = await ReassignAsync(admin, patient.Id, other.Id);
        Assert.Equal("/admin/patients", fresh.Headers.Location!.OriginalString);
        Assert.Equal(other.Id, await TherapistOfAsync(patient.Id));
    }

    [Fact]
    public async Task TheCurriculumExport_AsksToConfirmWhenStale()
    {
        var admin = await _site.SignedInAsAsync("admin@example.org");
        Assert.Equal("application/zip", (await admin.GetAsync("/admin/curriculum/export")).Content.Headers.ContentType!.MediaType);

        _clock.Advance(TimeSpan.FromMinutes(6));
        var stale = await admin.GetAsync("/admin/curriculum/export");

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/account/confirm?returnUrl=%2Fadmin%2Fcurriculum%2Fexport", stale.Headers.Location!.OriginalString);
    }

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string password, string returnUrl) =>
        client.PostFormAsync($"/account/confirm?returnUrl={Uri.EscapeDataString(returnUrl)}", "/account/confirm/password",
            [new("password", password), new("returnUrl", returnUrl)]);

    /// <summary>Posts the list page's form as a browser does, Referer and all.</summary>
    private static async Task<HttpResponseMessage> ReassignAsync(HttpClient admin, Guid patientId, string therapistId)
    {
        var token = await admin.AntiforgeryTokenAsync("/admin/patients");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/patients/{patientId}/therapist")
        {
            Content = new FormUrlEncodedContent([new("therapistId", therapistId), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Referrer = new Uri(admin.BaseAddress!, "/admin/patients");
        return await admin.SendAsync(request);
    }

    private async Task<string?> TherapistOfAsync(Guid patientId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Patients.Where(p => p.Id == patientId).Select(p => p.AssignedTherapistId).SingleAsync();
    }
}
