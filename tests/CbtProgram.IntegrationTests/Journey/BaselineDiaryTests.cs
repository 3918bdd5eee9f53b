using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>
/// Onboarding offers a start that leaves program.yaml's 14 baseline diary days before week 1; a sooner start is allowed
/// and the record says the baseline diary is short. MIDAS A and B are stored with the answers and left out of the score.
/// The clock: Monday 1 March 2027, 09:00 UTC.
/// </summary>
public sealed partial class BaselineDiaryTests : ClockedScheduleTests
{
    [Fact]
    public async Task Onboarding_OffersAStartDate_ThatLeaves14DiaryDaysBeforeWeek1()
    {
        var patient = await ConsentedPatientAsync("baseline.offered@example.org");
        var client = await Site.SignedInAsAsync("baseline.offered@example.org", TestPeople.Password);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/patient/onboarding"));
        var offered = DateOnly.Parse(StartDateValue().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateOnly(2027, 3, 15), offered);
        Assert.Contains("That leaves 14 days to keep your diary before your first session", page);

        Assert.Equal(HttpStatusCode.Redirect, (await EnrolAsync(client, offered)).StatusCode);

        var status = await StatusAsync(patient);
        Assert.Equal(new DateOnly(2027, 3, 16), status.Week1); // the first Tuesday on or after the offered date
        Assert.Equal((new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 15)), (status.From, status.To));
        Assert.Equal(14, status.AvailableDays);
        Assert.False(status.IsShort);
    }

    [Fact]
    public async Task ASoonerStart_IsAllowed_AndTheRecordSaysTheBaselineDiaryIsShort()
    {
        var patient = await ConsentedPatientAsync("baseline.short@example.org");
        var client = await Site.SignedInAsAsync("baseline.short@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await EnrolAsync(client, new DateOnly(2027, 3, 4))).StatusCode);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var day in new[] { 1, 3, 5 })
                db.DiaryEntries.Add(new Web.Domain.Diary.DiaryEntry(patient.Id, new DateOnly(2027, 3, day)));
            await db.SaveChangesAsync();
        }

        var status = await StatusAsync(patient);
        Assert.Equal(new DateOnly(2027, 3, 9), status.Week1);
        Assert.Equal(8, status.AvailableDays);
        Assert.Equal(3, status.RecordedDays);
        Assert.True(status.IsShort);

        var therapist = await Site.SignedInAsAsync("therapist@example.org");
        var record = WebUtility.HtmlDecode(await therapist.GetStringAsync($"/therapist/patients/{patient.Id}"));
        Assert.Contains("baseline diary: 3 of 14 days recorded (short: week 1 left 8 of the 14 planned days)", record);
    }

    [Fact]
    public async Task MidasAAndB_AreStoredWithTheAnswers_AndLeftOutOfTheScore()
    {
        var patient = await ConsentedPatientAsync("midas.ab@example.org");
        var client = await Site.SignedInAsAsync("midas.ab@example.org", TestPeople.Password);
        await EnrolAsync(client, new DateOnly(2027, 3, 15));
        var form = WebUtility.HtmlDecode(await client.GetStringAsync("/patient/assessments/baseline"));
        Assert.Contains("PHQ-9", form);

        string[] before = ["phq-9", "gad-7", "who-5"];
        foreach (var measure in before)
            await Site.AnswerAsync(patient, measure, AssessmentPoints.Baseline, 0);
        var midasPage = WebUtility.HtmlDecode(await client.GetStringAsync("/patient/assessments/baseline"));
        Assert.Contains("<span class=\"question-number\">A.</span>", midasPage);
        Assert.Contains("<span class=\"question-number\">B.</span>", midasPage);

        var sent = await client.PostFormAsync("/patient/assessments/baseline", "/patient/assessments/baseline/midas",
            new Dictionary<string, string> { ["answers[1]"] = "1", ["answers[2]"] = "1", ["answers[3]"] = "1", ["answers[4]"] = "1", ["answers[5]"] = "1", ["answers[6]"] = "60", ["answers[7]"] = "9" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var stored = await WithDbAsync(db => db.MeasureResponses.AsNoTracking().SingleAsync(r => r.PatientId == patient.Id && r.MeasureId == "midas"));
        Assert.Equal([1, 1, 1, 1, 1, 60, 9], stored.Answers);
        Assert.Equal(5, stored.Score);
        Assert.Equal("Grade I: Little or no disability", stored.Band);

        var json = await client.GetStringAsync("/patient/my-data/cbtprogram-my-data.json");
        Assert.Contains("\"A (not scored)\": 60", json);
        Assert.Contains("\"B (not scored)\": 9", json);
    }

    private static Task<HttpResponseMessage> EnrolAsync(HttpClient client, DateOnly start) =>
        client.PostFormAsync("/patient/onboarding", "/patient/onboarding", new Dictionary<string, string>
        {
            ["TimeZone"] = "Europe/London",
            ["Weekday"] = "Tuesday",
            ["Time"] = "18:30",
            ["StartDate"] = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["DiaryReminder"] = "false",
        });

    private async Task<Patient> ConsentedPatientAsync(string email)
    {
        var patient = await Site.CreatePatientAsync(email, "Rowan Hale");
        await Site.ConsentAsync(patient, Clock.GetUtcNow());
        return patient;
    }

    private async Task<BaselineDiaryStatus> StatusAsync(Patient patient)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<BaselineDiary>().ForPatientAsync(patient.Id))!;
    }

    [GeneratedRegex("name=\"StartDate\" value=\"([0-9-]+)\"")]
    private static partial Regex StartDateValue();
}
