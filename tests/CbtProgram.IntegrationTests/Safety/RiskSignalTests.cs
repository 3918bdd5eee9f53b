using System.Globalization;
using System.Net;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Safety;

/// <summary>
/// No risk signal is lost: a lone item-9 answer on an incomplete questionnaire raises the alert and shows where to get
/// help at once, the answers are kept, a repeat shows help again without a second alert, every assessment point follows
/// the same rule, the check-in cannot be skipped, and a patient with no therapist is owned by the clinical leads.
/// </summary>
public sealed class RiskSignalTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<(Patient Patient, HttpClient Client)> PatientInWeekAsync(string email, int week)
    {
        var patient = await site.CreatePatientInWeekAsync(email, email.Split('@')[0], week);
        return (patient, await site.SignedInAsAsync(email, TestPeople.Password));
    }

    private static KeyValuePair<string, string> Answer(int item, int value) => new($"answers[{item}]", value.ToString(CultureInfo.InvariantCulture));

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task OnlyItem9AnsweredAtTheCheckIn_RaisesTheAlert_ShowsHelp_AndKeepsTheAnswer()
    {
        var (patient, client) = await PatientInWeekAsync("lone-item9@example.org", 2);

        var response = await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", [Answer(9, 3)]);

        Assert.Equal("/patient/support?next=%2Fpatient%2Fmodules%2F2", response.Headers.Location!.OriginalString);
        var alert = await WithDbAsync(db => db.RiskAlerts.AsNoTracking().SingleAsync(a => a.PatientId == patient.Id));
        Assert.Equal(("phq-9", AssessmentPoints.Weekly, 2), (alert.MeasureId, alert.Point, alert.Week));
        Assert.Equal([null, null, null, null, null, null, null, null, 3], alert.Answers);
        Assert.Null(alert.MeasureResponseId);
        Assert.False(await WithDbAsync(db => db.MeasureResponses.AnyAsync(r => r.PatientId == patient.Id && r.Point == AssessmentPoints.Weekly && r.Week == 2)));
        Assert.True(await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Key.StartsWith($"risk-alert:{alert.Id}:owner:") && m.To == "therapist@example.org")));
        // Back at the check-in, the answer is still there, and the check-in still comes first.
        var checkIn = await client.GetStringAsync("/patient/modules/2/steps/check-in");
        Assert.Matches("name=\"answers\\[9\\]\" value=\"3\"[^>]*checked", checkIn);
        var more = await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", [Answer(1, 1)]);
        Assert.StartsWith("/patient/support", more.Headers.Location!.OriginalString); // the kept item 9 still shows help
        var changed = await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", [Answer(2, 1), Answer(9, 0)]);
        var page = await changed.Content.ReadAsStringAsync();
        Assert.Contains("We have kept the answers you gave", page);
        Assert.Contains("Please answer questions 3, 4, 5, 6, 7 and 8.", page);
        Assert.Single(await WithDbAsync(db => db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patient.Id).ToListAsync()));
    }

    [Fact]
    public async Task CompletingTheCheckInLater_AndSendingItAgain_ShowHelpEachTime_WithOneAlert()
    {
        var (patient, client) = await PatientInWeekAsync("complete-later@example.org", 2);
        await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", [Answer(9, 2)]);
        var full = Enumerable.Range(1, 8).Select(i => Answer(i, 1)).ToList();

        var again = await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", full); // item 9 was kept
        var repeat = await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", full.Append(Answer(9, 2)));

        Assert.StartsWith("/patient/support", again.Headers.Location!.OriginalString);
        Assert.StartsWith("/patient/support", repeat.Headers.Location!.OriginalString);
        var alerts = await WithDbAsync(db => db.RiskAlerts.AsNoTracking().Where(a => a.PatientId == patient.Id).ToListAsync());
        var response = await WithDbAsync(db => db.MeasureResponses.AsNoTracking().SingleAsync(r => r.PatientId == patient.Id && r.Point == AssessmentPoints.Weekly && r.Week == 2));
        Assert.Equal(response.Id, Assert.Single(alerts).MeasureResponseId);
        Assert.Equal(2, response.Answers[8]);
        Assert.False(await WithDbAsync(db => db.QuestionnaireDrafts.AnyAsync(d => d.PatientId == patient.Id)));
    }

    [Fact]
    public async Task ALaterStepCannotBePostedOrOpened_BeforeTheCheckIn()
    {
        var (patient, client) = await PatientInWeekAsync("skip-check-in@example.org", 2);
        string lastStep;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var versionId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PatientModules.Where(m => m.PatientId == patient.Id && m.Week == 2).Select(m => m.ModuleVersionId).SingleAsync();
            var version = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ModuleVersions.AsNoTracking().SingleAsync(v => v.Id == versionId);
            lastStep = version.Content.Steps[^1].Id;
        }

        var posted = await client.PostFormAsync("/patient", $"/patient/modules/2/steps/{lastStep}", [new("direction", "next")]);
        var opened = await client.GetAsync($"/patient/modules/2/steps/{lastStep}");

        Assert.Equal("/patient/modules/2/steps/check-in", posted.Headers.Location!.OriginalString);
        Assert.Equal("/patient/modules/2/steps/check-in", opened.Headers.Location!.OriginalString);
        Assert.Null(await WithDbAsync(db => db.PatientModules.Where(m => m.PatientId == patient.Id && m.Week == 2).Select(m => m.CompletedAt).SingleAsync()));
    }

    [Theory]
    [InlineData(AssessmentPoints.Baseline, 0)]
    [InlineData(AssessmentPoints.Mid, 6)]
    [InlineData(AssessmentPoints.Post, 12)]
    [InlineData(AssessmentPoints.FollowUp, 0)]
    public async Task EveryAssessmentPoint_RaisesTheAlertFromALoneItem9Answer(string point, int week)
    {
        var patient = await site.CreatePatientAsync($"point-{point}@example.org", "Pip Point");
        await using var scope = site.Services.CreateAsyncScope();
        var phq9 = (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().GetAsync()).Measures.Single(m => m.Id == "phq-9");
        var submission = scope.ServiceProvider.GetRequiredService<QuestionnaireSubmission>();

        var first = await submission.SubmitAsync(patient, phq9, point, week, new Dictionary<int, int?> { [9] = 1 });
        var repeat = await submission.SubmitAsync(patient, phq9, point, week, new Dictionary<int, int?> { [9] = 1 });

        Assert.IsType<QuestionnaireSubmission.Invalid>(first);
        Assert.True(first.RaisedRisk);
        Assert.True(repeat.RaisedRisk);
        var alert = await WithDbAsync(db => db.RiskAlerts.AsNoTracking().SingleAsync(a => a.PatientId == patient.Id));
        Assert.Equal((point, week), (alert.Point, alert.Week));
    }

    [Fact]
    public async Task TheBaselineForm_ShowsHelpForALoneItem9Answer()
    {
        var patient = await site.CreatePatientAsync("baseline-risk@example.org", "Bo Baseline");
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var consent = (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().GetAsync()).Program.Consent.Version;
            var tracked = await db.Patients.SingleAsync(p => p.Id == patient.Id);
            tracked.AcceptConsent(consent, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
            await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(tracked,
                new Web.Domain.Scheduling.SessionPreferences("Europe/London", start.DayOfWeek, new TimeOnly(18, 0), start));
        }
        var client = await site.SignedInAsAsync("baseline-risk@example.org", TestPeople.Password);

        var response = await client.PostFormAsync("/patient/assessments/baseline", "/patient/assessments/baseline/phq-9", [Answer(9, 1)]);

        Assert.StartsWith("/patient/support", response.Headers.Location!.OriginalString);
        Assert.True(await WithDbAsync(db => db.RiskAlerts.AnyAsync(a => a.PatientId == patient.Id && a.Point == AssessmentPoints.Baseline)));
    }

    [Fact]
    public async Task APatientWithNoTherapist_IsOwnedByTheClinicalLeads_AndIsToldOnlyWhatIsTrue()
    {
        var (patient, client) = await PatientInWeekAsync("no-therapist@example.org", 2);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Patients.Where(p => p.Id == patient.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.AssignedTherapistId, (string?)null));
        }

        var response = await client.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", [Answer(9, 1)]);
        var support = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Contains("We have let the clinical team know", support);
        Assert.DoesNotContain("your therapist", support, StringComparison.OrdinalIgnoreCase);
        var alert = await WithDbAsync(db => db.RiskAlerts.AsNoTracking().SingleAsync(a => a.PatientId == patient.Id));
        Assert.Null(alert.TherapistId);
        var email = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key.StartsWith($"risk-alert:{alert.Id}:owner:")));
        Assert.Equal("lead@example.org", email.To);
        var lead = await site.SignedInAsAsync("lead@example.org");
        var board = WebUtility.HtmlDecode(await lead.GetStringAsync("/safety/alerts"));
        Assert.Contains("no-therapist", board);
        Assert.Contains("Clinical leads (no therapist)", board);
        Assert.Contains("Question 9: Several days (1)", board);
        var banner = await lead.GetStringAsync("/safety/alerts");
        Assert.Contains($"/therapist/patients/{patient.Id}#alerts", banner);
        var record = await lead.GetAsync($"/therapist/patients/{patient.Id}");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains("the clinical leads own this alert", await record.Content.ReadAsStringAsync());
    }
}
