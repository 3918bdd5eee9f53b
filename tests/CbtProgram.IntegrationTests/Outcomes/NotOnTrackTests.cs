using CbtProgram.Web.Care;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Demo;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Outcomes.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes;

/// <summary>
/// Not on track: a PHQ-9 up from baseline by the patient's rule flags the caseload and tells the therapist once per
/// episode; a later worse score tells nobody again; a score back below the rule clears the flag and re-arms it.
/// </summary>
public sealed class NotOnTrackTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A patient in week 4 whose baseline PHQ-9 is set to <paramref name="baseline"/> and whose weekly answers are cleared.</summary>
    private async Task<Patient> PatientAsync(string email, int baseline)
    {
        var patient = await site.CreatePatientAsync(email, "Nat Ontrack");
        await InScopeAsync(async s =>
        {
            await s.GetRequiredService<DemoJourney>().GiveLivedInProgramAsync(patient, new DemoStory(4, 3));
            var db = s.GetRequiredService<AppDbContext>();
            await db.MeasureResponses.Where(r => r.PatientId == patient.Id && r.MeasureId == "phq-9").ExecuteDeleteAsync();
            await SubmitAsync(s, patient, AssessmentPoints.Baseline, 0, baseline);
            return 0;
        });
        return patient;
    }

    private static async Task SubmitAsync(IServiceProvider s, Patient patient, string point, int week, int total)
    {
        var phq9 = (await s.GetRequiredService<ProgramCatalog>().MeasureAsync("phq-9"))!;
        // Items 1-8 carry the total (item 9 stays 0, so no risk alert).
        var answers = phq9.Items.ToDictionary(i => i.Id, i => (int?)(i.Id == 9 ? 0 : Math.Min(3, Math.Max(0, total - 3 * (i.Id - 1)))));
        await s.GetRequiredService<QuestionnaireSubmission>().SubmitAsync(patient, phq9, point, week, answers);
    }

    private Task WeeklyAsync(Patient patient, int week, int total) => InScopeAsync(async s => { await SubmitAsync(s, patient, AssessmentPoints.Weekly, week, total); return 0; });

    private Task<int> EmailsAsync(Patient patient) => InScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().OutboxMessages.CountAsync(m => m.Key.StartsWith($"not-on-track:{patient.Id}:")));

    private Task<bool> FlaggedOnCaseloadAsync(Patient patient) => InScopeAsync(async s =>
    {
        var rows = await s.GetRequiredService<Caseload>().ForTherapistAsync(patient.AssignedTherapistId!);
        return rows.Single(r => r.PatientId == patient.Id).Flags.Contains(CaseFlagKind.Worsening);
    });

    [Fact]
    public async Task ReliableDeterioration_FlagsAndTellsOnce_NotAgainWhenWorse_ReArmsAfterClearing()
    {
        var patient = await PatientAsync("not-on-track@example.org", baseline: 8);

        await WeeklyAsync(patient, 1, 13); // up 5: not a reliable deterioration (6)
        Assert.Equal(0, await EmailsAsync(patient));
        Assert.False(await FlaggedOnCaseloadAsync(patient));

        await WeeklyAsync(patient, 2, 14); // up 6
        Assert.Equal(1, await EmailsAsync(patient));
        Assert.True(await FlaggedOnCaseloadAsync(patient));

        await WeeklyAsync(patient, 3, 18); // worse still: no second email
        Assert.Equal(1, await EmailsAsync(patient));

        await WeeklyAsync(patient, 4, 9); // back within the rule: cleared
        Assert.False(await FlaggedOnCaseloadAsync(patient));
        Assert.Null(await InScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<OutcomeWatch>().Where(w => w.PatientId == patient.Id).Select(w => w.FlaggedAt).SingleAsync()));

        await WeeklyAsync(patient, 5, 16); // a new episode: told again, with a new key
        Assert.Equal(2, await EmailsAsync(patient));
        var body = await InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.Where(m => m.Key.StartsWith($"not-on-track:{patient.Id}:")).Select(m => m.Body).FirstAsync());
        var words = body.Split("http")[0]; // no score, no measure, before the link
        Assert.DoesNotContain("PHQ", words);
        Assert.False(words.Any(char.IsDigit), words);
    }

    [Fact]
    public async Task TherapistsRule_RiseOfFive_FlagsAtFive()
    {
        var patient = await PatientAsync("not-on-track-rule@example.org", baseline: 8);
        await InScopeAsync(s => s.GetRequiredService<NotOnTrackWatch>().ChooseRuleAsync(patient.Id, NotOnTrackRules.RiseFromBaseline));

        await WeeklyAsync(patient, 1, 13);

        Assert.True(await FlaggedOnCaseloadAsync(patient));
        Assert.Equal(1, await EmailsAsync(patient));
        Assert.Equal("Choose one of the listed rules.", await InScopeAsync(s => s.GetRequiredService<NotOnTrackWatch>().ChooseRuleAsync(patient.Id, "anything")));
    }
}
