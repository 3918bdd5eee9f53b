using System.Net;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Security.Audit;

/// <summary>Staff opening a record that is not theirs say why first; the reason is recorded and holds for a shift.</summary>
public sealed class BreakGlassTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CbtWebApplicationFactory _site;

    public BreakGlassTests() => _site = new CbtWebApplicationFactory().WithSetting(BreakGlass.HoursSetting, "8").WithClock(_clock);

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Admin_OpeningARecord_IsAskedWhy_TheReasonIsRecorded_AndHoldsForEightHours()
    {
        var patientId = await PatientIdAsync("patient@example.org");
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var notes = $"/therapist/patients/{patientId}/notes";

        var asked = await admin.GetAsync(notes);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var reasonPage = asked.Headers.Location!.OriginalString;
        Assert.StartsWith($"/therapist/patients/{patientId}/reason", reasonPage);
        Assert.Contains("Why are you opening this record?", await admin.GetStringAsync(reasonPage));
        Assert.Empty(await _site.EntriesAsync(q => q.Where(e => e.PatientId == patientId && e.Action == "viewed clinical notes")));

        var noChoice = await admin.PostFormAsync(reasonPage, $"/therapist/patients/{patientId}/reason", [new("returnUrl", notes)]);
        Assert.Equal(HttpStatusCode.OK, noChoice.StatusCode);
        Assert.Contains("Choose the reason you are opening this record.", await noChoice.Content.ReadAsStringAsync());
        var otherWithoutWords = await admin.PostFormAsync(reasonPage, $"/therapist/patients/{patientId}/reason",
            [new("returnUrl", notes), new("reason", BreakGlass.Reasons[^1])]);
        Assert.Contains("Say in a few words why", await otherWithoutWords.Content.ReadAsStringAsync());
        Assert.Empty(await ReasonsAsync(patientId));

        var given = await admin.PostFormAsync(reasonPage, $"/therapist/patients/{patientId}/reason",
            [new("returnUrl", notes), new("reason", BreakGlass.Reasons[1]), new("text", "Dr Demo is on leave this week")]);
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        Assert.Equal(notes, given.Headers.Location!.OriginalString);
        var reason = Assert.Single(await ReasonsAsync(patientId));
        Assert.Equal($"{BreakGlass.Reasons[1]}: Dr Demo is on leave this week", reason.Detail);
        Assert.Equal(await _site.UserIdAsync("admin@example.org"), reason.ActorId);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(notes)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/therapist/patients/{patientId}")).StatusCode);

        _clock.Advance(TimeSpan.FromHours(7.5));
        var sameShift = await (await _site.SignedInAsAsync("admin@example.org")).GetAsync(notes);
        Assert.Equal(HttpStatusCode.OK, sameShift.StatusCode);

        _clock.Advance(TimeSpan.FromHours(1));
        var nextShift = await (await _site.SignedInAsAsync("admin@example.org")).GetAsync(notes);
        Assert.Equal(HttpStatusCode.Redirect, nextShift.StatusCode);
        Assert.StartsWith($"/therapist/patients/{patientId}/reason", nextShift.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AReasonGiven_DoesNotOpenOtherPatients()
    {
        var sam = await PatientIdAsync("patient@example.org");
        var other = await _site.CreatePatientAsync("someone.else@example.org", "Someone Else");
        var admin = await _site.SignedInAsAsync("admin@example.org");

        await admin.PostFormAsync($"/therapist/patients/{sam}/reason", $"/therapist/patients/{sam}/reason", [new("reason", BreakGlass.Reasons[3])]);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/therapist/patients/{sam}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync($"/therapist/patients/{other.Id}")).StatusCode);
    }

    [Fact]
    public async Task TheirOwnTherapist_IsNotAsked()
    {
        var patientId = await PatientIdAsync("patient@example.org");
        var therapist = await _site.SignedInAsAsync("therapist@example.org");

        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync($"/therapist/patients/{patientId}")).StatusCode);
        Assert.Empty(await ReasonsAsync(patientId));
    }

    [Fact]
    public async Task AClinicalLead_IsNotAskedWhileThePatientHasAnOpenRiskAlert_ButIsOtherwise()
    {
        var withAlert = await _site.CreatePatientAsync("at.risk@example.org", "Ari Risk");
        var without = await _site.CreatePatientAsync("no.alert@example.org", "Nora Calm");
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.RiskAlerts.Add(new RiskAlert(withAlert.Id, withAlert.AssignedTherapistId, new AlertSource("phq-9", "weekly", 3, new int?[9]), null,
                "test alert", _clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        await _site.CreateUserAsync("lead.two@example.org", "Dr Lee Lead", Roles.ClinicalLead);
        var lead = await _site.SignedInAsAsync("lead.two@example.org", TestPeople.Password);

        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/therapist/patients/{withAlert.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.GetAsync($"/therapist/patients/{without.Id}")).StatusCode);
    }

    [Fact]
    public async Task AnotherTherapist_StillCannotSeeTheRecord_NorItsReasonPage()
    {
        var patientId = await PatientIdAsync("patient@example.org");
        await _site.CreateUserAsync("not.theirs@example.org", "Dr Not Theirs", Roles.Therapist);
        var therapist = await _site.SignedInAsAsync("not.theirs@example.org", TestPeople.Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await therapist.GetAsync($"/therapist/patients/{patientId}/reason")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await therapist.GetAsync($"/therapist/patients/{patientId}")).StatusCode);
    }

    private Task<List<Web.Domain.Audit.AuditEntry>> ReasonsAsync(Guid patientId) =>
        _site.EntriesAsync(q => q.Where(e => e.PatientId == patientId && e.Action == AuditActions.GaveReason));

    private async Task<Guid> PatientIdAsync(string email)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Patients.Where(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email)).Select(p => p.Id).SingleAsync();
    }
}
