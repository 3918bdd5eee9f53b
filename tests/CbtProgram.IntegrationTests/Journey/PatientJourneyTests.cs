using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>A patient's whole start, over HTTP as the browser does it: invitation, consent, onboarding, baseline, week 1, diary.</summary>
public sealed partial class PatientJourneyTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task InvitedPatient_SetsAPassword_ConsentsOnboardsAndAnswersTheBaseline()
    {
        var patient = await InviteAndAcceptAsync("journey-one@example.org", "Jo Journey");

        Assert.Equal("/patient/consent", (await patient.GetAsync("/patient")).Headers.Location!.OriginalString);
        var consentPage = await patient.GetStringAsync("/patient/consent");
        Assert.Contains("This is not an emergency service.", consentPage);
        var version = ConsentVersion().Match(consentPage).Groups[1].Value;
        var notAgreed = await patient.PostFormAsync("/patient/consent", "/patient/consent", [new("version", version)]);
        Assert.Contains("Tick the box", await notAgreed.Content.ReadAsStringAsync());
        await patient.PostFormAsync("/patient/consent", "/patient/consent", [new("version", version), new("agree", "true")]);

        Assert.Equal("/patient/onboarding", (await patient.GetAsync("/patient")).Headers.Location!.OriginalString);
        var past = await Onboard(patient, "Europe/London", "Monday", "18:30", DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Contains("The start date cannot be in the past", await past.Content.ReadAsStringAsync());
        var badZone = await Onboard(patient, "Mars/Olympus", "Monday", "18:30", Today);
        Assert.Contains("Choose your time zone from the list", await badZone.Content.ReadAsStringAsync());
        var enrolled = await Onboard(patient, "Europe/London", "Monday", "18:30", DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal("/patient/assessments/baseline", enrolled.Headers.Location!.OriginalString);

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var sessions = await db.ScheduledEvents.Where(e => db.Enrolments.Any(en => en.Id == e.EnrolmentId && db.Patients.Any(p => p.Id == en.PatientId && db.Users.Any(u => u.Id == p.UserId && u.Email == "journey-one@example.org")))).ToListAsync();
            sessions = sessions.Where(s => s.Kind is Web.Domain.Scheduling.ScheduledEventKind.SessionOpens or Web.Domain.Scheduling.ScheduledEventKind.FollowUpOpens).ToList();
            Assert.Equal(13, sessions.Count);
            var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
            Assert.All(sessions.Where(s => s.Week is not null), s =>
            {
                var local = TimeZoneInfo.ConvertTime(s.DueAt, london);
                Assert.Equal(DayOfWeek.Monday, local.DayOfWeek);
                Assert.Equal(new TimeOnly(18, 30), TimeOnly.FromDateTime(local.DateTime));
            });
        }

        var incomplete = await patient.PostFormAsync("/patient/assessments/baseline", "/patient/assessments/baseline/phq-9",
            [new("answers[1]", "1"), new("answers[2]", "2")]);
        var incompleteHtml = await incomplete.Content.ReadAsStringAsync();
        Assert.Contains("Please answer questions 3, 4, 5, 6, 7, 8 and 9.", incompleteHtml);
        Assert.Matches("name=\"answers\\[2\\]\" value=\"2\" id=\"item-2-2\" checked", incompleteHtml);

        foreach (var measure in new[] { "phq-9", "gad-7", "who-5", "midas" })
        {
            var page = await patient.GetStringAsync("/patient/assessments/baseline");
            Assert.Contains($"/patient/assessments/baseline/{measure}", page);
            var items = ItemCount().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();
            var response = await patient.PostFormAsync("/patient/assessments/baseline", $"/patient/assessments/baseline/{measure}",
                items.Select(i => new KeyValuePair<string, string>($"answers[{i}]", "1")));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var home = await patient.GetAsync("/patient");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var homeHtml = await home.Content.ReadAsStringAsync();
        Assert.Contains("Your first session is on its way", homeHtml);
        Assert.Contains("Next session opens", homeHtml);
    }

    [Fact]
    public async Task Invitation_IsSingleUse_AndExpires()
    {
        var (token, _) = await InviteAsync("single-use@example.org", "Sam Single");
        var first = site.CreateBrowserLikeClient();
        await first.GetAsync($"/invitations/{token}");
        var accepted = await first.PostFormAsync("/invitations/accept", "/invitations/accept",
            [new("password", "GoodPassword#1"), new("confirmPassword", "GoodPassword#1")]);
        var again = await OpenInvitationAsync(site.CreateBrowserLikeClient(), token);
        var nonsense = await OpenInvitationAsync(site.CreateBrowserLikeClient(), "not-a-real-token");

        Assert.Equal("/patient", accepted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("cannot be used", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, nonsense.StatusCode);
    }

    [Fact]
    public async Task Invitation_WithMismatchedOrWeakPasswords_SaysWhyAndCreatesNoAccount()
    {
        var (token, _) = await InviteAsync("weak-password@example.org", "Wes Weak");
        var client = site.CreateBrowserLikeClient();
        await client.GetAsync($"/invitations/{token}");

        var mismatched = await client.PostFormAsync("/invitations/accept", "/invitations/accept", [new("password", "GoodPassword#1"), new("confirmPassword", "GoodPassword#2")]);
        var weak = await client.PostFormAsync("/invitations/accept", "/invitations/accept", [new("password", "short"), new("confirmPassword", "short")]);

        Assert.Contains("The two passwords are not the same", await mismatched.Content.ReadAsStringAsync());
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync());
        await using var scope = site.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.Email == "weak-password@example.org"));
    }

    [Fact]
    public async Task Invite_ForAnEmailThatHasAnAccount_AnswersAsIfSent_AndTellsTheOwnerInstead()
    {
        var therapist = await site.SignedInAsAsync("therapist@example.org");

        var response = await therapist.PostFormAsync("/therapist/invite", "/therapist/invite", [new("Name", "Sam"), new("Email", "patient@example.org")]);

        Assert.Equal("/therapist/invite", response.Headers.Location!.OriginalString);
        Assert.Contains("Invitation sent to patient@example.org", await therapist.GetStringAsync("/therapist/invite"));
        Assert.Contains("you already have an account", await site.LatestEmailToAsync("patient@example.org", "tried to invite"));
        await using var scope = site.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Invitations.AnyAsync(i => i.Email == "patient@example.org"));
    }

    private static async Task<HttpResponseMessage> OpenInvitationAsync(HttpClient client, string token)
    {
        await client.GetAsync($"/invitations/{token}");
        return await client.GetAsync("/invitations/accept");
    }

    internal async Task<(string Token, string Body)> InviteAsync(string email, string name)
    {
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var sent = await therapist.PostFormAsync("/therapist/invite", "/therapist/invite", [new("Name", name), new("Email", email)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var body = await site.LatestEmailToAsync(email);
        Assert.DoesNotContain("headache", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("depress", body, StringComparison.OrdinalIgnoreCase);
        return (InvitationLink().Match(body).Groups[1].Value, body);
    }

    internal async Task<HttpClient> InviteAndAcceptAsync(string email, string name)
    {
        var (token, _) = await InviteAsync(email, name);
        var client = site.CreateBrowserLikeClient();
        await client.GetAsync($"/invitations/{token}");
        var accepted = await client.PostFormAsync("/invitations/accept", "/invitations/accept",
            [new("password", TestPeople.Password), new("confirmPassword", TestPeople.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> Onboard(HttpClient patient, string zone, string day, string time, string start) =>
        patient.PostFormAsync("/patient/onboarding", "/patient/onboarding",
            [new("TimeZone", zone), new("Weekday", day), new("Time", time), new("StartDate", start)]);

    [GeneratedRegex(@"/invitations/([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();

    [GeneratedRegex(@"name=""answers\[(\d+)\]""")]
    private static partial Regex ItemCount();

    [GeneratedRegex(@"name=""version"" value=""(\d+)""")]
    private static partial Regex ConsentVersion();
}
