using System.Net;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Outcomes.Patients;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes;

/// <summary>The therapist's Outcomes tab and the patient's plain-words summary, from the stored summary.</summary>
public sealed class OutcomePagesTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<(Guid Id, IReadOnlyList<OutcomeFigures> Stored)> PatientAsync(string email, DemoStory story)
    {
        var patient = await site.CreatePatientAsync(email, "Olive Outcome");
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoJourney>().GiveLivedInProgramAsync(patient, story);
        return (patient.Id, await scope.ServiceProvider.GetRequiredService<PatientOutcomeStore>().StoredAsync(patient.Id));
    }

    [Fact]
    public async Task Therapist_SeesEveryPoint_ReliableChange_AndTheRulesUsed()
    {
        var (id, stored) = await PatientAsync("outcome-page-full@example.org", new DemoStory(12, 53) { DaysSinceLastWeek = 140, FollowUpAnswered = true, FullOutcomes = true });
        var therapist = await site.SignedInAsAsync("therapist@example.org");

        var page = WebUtility.HtmlDecode(await therapist.GetStringAsync($"/therapist/patients/{id}/outcomes"));

        var phq9 = stored.Single(r => r.MeasureId == OutcomeMeasures.Phq9);
        Assert.Contains($"<th scope=\"row\">PHQ-9</th>\n                    <td>{phq9.Baseline:0}</td><td>{phq9.Mid:0}</td><td>{phq9.Post:0}</td><td>{phq9.FollowUp:0}</td>", page);
        Assert.Contains($"Post: {(phq9.ChangePost > 0 ? "+" : "")}{phq9.ChangePost:0}", page);
        Assert.Contains("Kroenke K, Spitzer RL, Williams JBW", page);
        Assert.Contains("reliable change 6 points or more", page);
        Assert.Contains("Headache days per 28", page);
        Assert.DoesNotContain(OutcomeTable.NotAnswered + "</td>", page.Split("NHS Talking")[0]);
    }

    [Fact]
    public async Task Therapist_MissingPoints_ShownAsMissing_WithTheBaselineDiaryShortfall()
    {
        var (id, _) = await PatientAsync("outcome-page-mid@example.org", new DemoStory(4, 7));
        var therapist = await site.SignedInAsAsync("therapist@example.org");

        var page = WebUtility.HtmlDecode(await therapist.GetStringAsync($"/therapist/patients/{id}/outcomes"));

        Assert.Contains("<td>not answered</td>", page);
        Assert.Contains("not enough diary days", page);
        Assert.Contains("days recorded before week 1", page);
    }

    [Fact]
    public async Task Patient_SeesPlainWords_WithoutDiagnosisWords()
    {
        await PatientAsync("outcome-words@example.org", new DemoStory(12, 53) { DaysSinceLastWeek = 140, FollowUpAnswered = true, FullOutcomes = true });
        var patient = await site.SignedInAsAsync("outcome-words@example.org", TestPeople.Password);

        var page = WebUtility.HtmlDecode(await patient.GetStringAsync("/patient/progress"));

        var summary = page.Split("How things have changed since you started")[1].Split("</section>")[0];
        Assert.Contains("When you started, your score on the mood questionnaire (PHQ-9) was", summary);
        Assert.Contains("At the end of the program it was", summary);
        Assert.Contains("Four months later it was", summary);
        foreach (var word in new[] { "recover", "depression", "disorder", "caseness", "RCI" })
            Assert.DoesNotContain(word, summary, StringComparison.OrdinalIgnoreCase);
    }
}
