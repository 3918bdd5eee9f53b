using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Admin;

/// <summary>Admins create therapist accounts, assign and reassign patients, and read the audit log.</summary>
public sealed partial class StaffAndAssignmentTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [GeneratedRegex(@"http://localhost:5000/account/set-password\?[^\s]+")]
    private static partial Regex SetPasswordLink();

    [Fact]
    public async Task Admin_CreatesATherapist_WhoChoosesAPasswordFromTheEmailedLink_AndSignsIn()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");

        var created = await admin.PostFormAsync("/admin/accounts/new", "/admin/accounts/new",
            [new("Name", "Dr Tess Newhire"), new("Email", "tess.newhire@example.org"), new("Role", Roles.Therapist)]);

        Assert.Equal("/admin", created.Headers.Location!.OriginalString);
        var link = SetPasswordLink().Match(await site.LatestEmailToAsync("tess.newhire@example.org")).Value;
        var newcomer = site.CreateBrowserLikeClient();
        var form = await newcomer.FollowEmailLinkAsync(link);
        var mismatch = await newcomer.PostFormAsync(form, form, Fields("Newhire#2026pass", "Other#2026pass"));
        Assert.Contains("The two passwords are not the same.", await mismatch.Content.ReadAsStringAsync());
        var set = await newcomer.PostFormAsync(form, form, Fields("Newhire#2026pass", "Newhire#2026pass"));
        Assert.Equal("/account/sign-in", set.Headers.Location!.OriginalString);
        var reused = site.CreateBrowserLikeClient();
        await reused.FollowEmailLinkAsync(link);
        var again = await reused.PostFormAsync(form, form, Fields("Another#2026pass", "Another#2026pass"));
        Assert.Contains("expired or was used already", await again.Content.ReadAsStringAsync());
        var signedIn = await site.SignedInAsAsync("tess.newhire@example.org", "Newhire#2026pass");
        Assert.Contains("Your caseload", await signedIn.GetStringAsync("/therapist"));
    }

    private static List<KeyValuePair<string, string>> Fields(string password, string confirm) =>
        [new("password", password), new("confirmPassword", confirm)];

    [Fact]
    public async Task NewAccount_WithBadInput_IsRefusedFieldByField_AndNothingIsCreated()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");

        var response = await admin.PostFormAsync("/admin/accounts/new", "/admin/accounts/new",
            [new("Name", " "), new("Email", "therapist@example.org"), new("Role", "Patient")]);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the person's name", html);
        Assert.Contains("Someone with this email address already has an account.", html);
        Assert.Contains("Choose therapist or admin.", html);
    }

    [Fact]
    public async Task Reassigning_APatient_MovesThemToTheOtherCaseload_AndIsAudited()
    {
        var patient = await site.CreatePatientInWeekAsync("reassign@example.org", "Rae Reassign", 2);
        await site.CreateUserAsync("second.therapist@example.org", "Dr Sol Second", Roles.Therapist);
        string secondId;
        await using (var scope = site.Services.CreateAsyncScope())
            secondId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == "second.therapist@example.org").Select(u => u.Id).SingleAsync();
        var admin = await site.SignedInAsAsync("admin@example.org");
        var first = await site.SignedInAsAsync("therapist@example.org");
        var second = await site.SignedInAsAsync("second.therapist@example.org", TestPeople.Password);
        var record = $"/therapist/patients/{patient.Id}";
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(record)).StatusCode);

        var bad = await admin.PostFormAsync("/admin/patients", $"/admin/patients/{patient.Id}/therapist", [new("therapistId", "not-a-therapist")]);
        var badNotice = await admin.GetStringAsync("/admin/patients");
        await admin.PostFormAsync("/admin/patients", $"/admin/patients/{patient.Id}/therapist", [new("therapistId", secondId)]);

        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.Contains("Choose a therapist from the list. Nothing was changed.", badNotice);
        Assert.Equal(HttpStatusCode.Forbidden, (await first.GetAsync(record)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(record)).StatusCode);
        Assert.Contains("Rae Reassign", await second.GetStringAsync("/therapist"));
        Assert.DoesNotContain("Rae Reassign", await first.GetStringAsync("/therapist"));
        var audit = await admin.GetStringAsync($"/admin/audit?patientId={patient.Id}");
        Assert.Contains("assigned therapist", audit);
        Assert.Contains("Dr Sol Second", audit);
        Assert.Contains("viewed record", audit);
    }
}
