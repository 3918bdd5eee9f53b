using System.Net;
using CbtProgram.IntegrationTests.Curriculum;
using CbtProgram.Web.Accounts;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Audit;

/// <summary>Each security event, written by using the site as a person would, with the address and browser it came from.</summary>
public sealed class SecurityEventTests(SecurityEventTests.Site site) : IClassFixture<SecurityEventTests.Site>
{
    public sealed class Site : CbtWebApplicationFactory
    {
        public Site() => this.FromClientAddress();
    }

    [Fact]
    public async Task WrongPassword_IsRecordedAgainstTheAccount_AndAnUnknownAddressAsAnonymous()
    {
        var user = await site.CreateUserAsync("wrong.password@example.org", "Wendy Wrong", Roles.Therapist);
        var client = site.CreateBrowserLikeClient().WithBrowser();

        await client.SignInAsync("wrong.password@example.org", "not the password");
        await client.SignInAsync("nobody.here@example.org", "whatever it is");

        var failed = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.ActorId == user.Id)));
        Assert.Equal(AuditActions.SignInFailed, failed.Action);
        Assert.Equal(AuditSite.ClientAddress.ToString(), failed.IpAddress);
        Assert.Equal(AuditSite.Browser, failed.UserAgent);
        var anonymous = await site.EntriesAsync(q => q.Where(e => e.ActorId == AuditActions.Anonymous && e.Action == AuditActions.SignInFailed));
        Assert.Contains(anonymous, e => e.Detail == "no account has that address");
        Assert.DoesNotContain(await site.EntriesAsync(), e => (e.Detail ?? "").Contains("nobody.here", StringComparison.Ordinal)
            || (e.Detail ?? "").Contains("whatever it is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lockout_IsRecorded()
    {
        var user = await site.CreateUserAsync("locked.out@example.org", "Lou Locked", Roles.Therapist);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            // Wrong passwords from other addresses already (the lockout counts one per address): one more locks it.
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            for (var i = 1; i < AccountsSetup.MaxFailedSignIns; i++)
                await users.AccessFailedAsync((await users.FindByIdAsync(user.Id))!);
        }
        var client = site.CreateBrowserLikeClient();

        await client.SignInAsync("locked.out@example.org", "wrong, and the last straw");
        await client.SignInAsync("locked.out@example.org", "wrong again, while locked");

        var actions = (await site.EntriesAsync(q => q.Where(e => e.ActorId == user.Id))).Select(e => e.Action).ToList();
        Assert.Equal([AuditActions.LockedOut, AuditActions.LockedOut], actions);
    }

    [Fact]
    public async Task SignInAndSignOut_AreRecorded()
    {
        var user = await site.CreateUserAsync("in.and.out@example.org", "Ian Out", Roles.Therapist);
        var client = await site.SignedInAsAsync("in.and.out@example.org", TestPeople.Password);

        var signedOut = await client.PostFormAsync("/therapist", "/account/sign-out", []);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal([AuditActions.SignedIn, AuditActions.SignedOut],
            (await site.EntriesAsync(q => q.Where(e => e.ActorId == user.Id))).Select(e => e.Action));
    }

    [Fact]
    public async Task CreatingAStaffAccount_IsRecorded()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");

        var response = await admin.PostFormAsync("/admin/accounts/new", "/admin/accounts/new",
            [new("Name", "Nina New"), new("Email", "nina.new@example.org"), new("Role", Roles.Therapist)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.StaffAccountCreated)));
        Assert.Equal(await site.UserIdAsync("admin@example.org"), entry.ActorId);
        Assert.Contains("nina.new@example.org", entry.Detail);
    }

    [Fact]
    public async Task AssigningAndReassigningAPatient_AreRecordedWithBothTherapists()
    {
        var patient = await site.CreatePatientAsync("rae.moved@example.org", "Rae Moved");
        await site.CreateUserAsync("other.therapist@example.org", "Dr Otto Other", Roles.Therapist);
        var otherId = await site.UserIdAsync("other.therapist@example.org");
        var admin = await site.SignedInAsAsync("admin@example.org");

        await admin.PostFormAsync("/admin/patients", $"/admin/patients/{patient.Id}/therapist", [new("therapistId", otherId)]);

        var entry = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.PatientId == patient.Id && e.Action == "reassigned therapist")));
        Assert.Contains("Dr Otto Other", entry.Detail);
        Assert.Contains("(was ", entry.Detail);
    }

    [Fact]
    public async Task SendingAnInvitation_IsRecorded()
    {
        var therapist = await site.SignedInAsAsync("therapist@example.org");

        var response = await therapist.PostFormAsync("/therapist/invite", "/therapist/invite",
            [new("Name", "Ivy Invited"), new("Email", "ivy.invited@example.org")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.PatientInvited && e.Detail == "ivy.invited@example.org")));
        Assert.Equal(await site.UserIdAsync("therapist@example.org"), entry.ActorId);
    }

    [Fact]
    public async Task PublishingAModule_IsRecorded()
    {
        var admin = await CurriculumAdmin.SignInAsync(site);
        var draft = await admin.StartDraftAsync(4);
        draft.Title += " (audited)";
        await admin.SaveAsync(4, draft);

        var published = await admin.PublishAsync(4, "Audit test title");

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var entry = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.ModulePublished)));
        Assert.StartsWith("week 4 version ", entry.Detail);
        Assert.EndsWith("Audit test title", entry.Detail);
    }

    [Fact]
    public async Task Exports_AreRecorded()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");
        var patient = await site.SignedInAsAsync("patient@example.org");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/curriculum/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync("/patient/my-data/cbtprogram-my-data-csv.zip")).StatusCode);

        Assert.Single(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.CurriculumExported)));
        var mine = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.PatientDataExported)));
        Assert.Equal(await site.UserIdAsync("patient@example.org"), mine.ActorId);
        Assert.NotNull(mine.PatientId);
    }

    [Fact]
    public async Task OpeningTheJobDashboard_IsRecordedOncePerPage_NotPerPoll()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");
        var adminId = await site.UserIdAsync("admin@example.org");

        var page = await admin.GetAsync("/hangfire/servers");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/hangfire/js[^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(script)).StatusCode);
        for (var i = 0; i < 3; i++)
            await admin.PostAsync("/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]));

        var entry = Assert.Single(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.JobDashboardOpened)));
        Assert.Equal(adminId, entry.ActorId);
        Assert.Equal("/servers", entry.Detail);
    }

    [Fact]
    public async Task AdminScheduleReads_AreRecorded()
    {
        var admin = await site.SignedInAsAsync("admin@example.org");
        var (enrolmentId, patientId) = await EnrolmentAsync("patient@example.org");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/schedules")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/schedules/{enrolmentId}")).StatusCode);

        Assert.NotEmpty(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.ViewedSchedules)));
        Assert.NotEmpty(await site.EntriesAsync(q => q.Where(e => e.Action == AuditActions.ViewedSchedule && e.PatientId == patientId)));
    }

    private async Task<(Guid EnrolmentId, Guid PatientId)> EnrolmentAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var found = await (from enrolment in db.Enrolments
                           join patient in db.Patients on enrolment.PatientId equals patient.Id
                           join user in db.Users on patient.UserId equals user.Id
                           where user.Email == email
                           select new { enrolment.Id, PatientId = patient.Id }).FirstAsync();
        return (found.Id, found.PatientId);
    }
}
