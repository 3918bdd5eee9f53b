using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Outcomes.Research;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes.Research;

/// <summary>
/// The optional research item: offered unticked beside the program consent, recorded with its version and time, changed
/// (and withdrawn) on the patient's own page; a patient who never answered is not taken to agree.
/// </summary>
public sealed class ResearchConsentTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<List<ResearchConsentDecision>> DecisionsAsync(Guid patientId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ResearchConsentDecision>().AsNoTracking()
            .Where(d => d.PatientId == patientId).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task ConsentPage_OffersTheResearchItemUnticked_AndRecordsTheAnswerWithItsVersion()
    {
        var patient = await site.CreatePatientAsync("rita.research@example.org", "Rita Research");
        var client = await site.SignedInAsAsync("rita.research@example.org", TestPeople.Password);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/patient/consent"));
        Assert.Contains("Yes, my answers may be used, without my name, for research", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"research\" checked", page, StringComparison.Ordinal);

        var accepted = await client.PostFormAsync("/patient/consent", "/patient/consent",
            [new("version", "2"), new("agree", "true"), new("researchVersion", "1"), new("research", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var decision = Assert.Single(await DecisionsAsync(patient.Id));
        Assert.True(decision.Agreed);
        Assert.Equal(1, decision.Version);
    }

    [Fact]
    public async Task MyDataPage_ChangesAndWithdraws_KeepingTheHistory_AndRefusesNoChoice()
    {
        var patient = await site.CreatePatientInWeekAsync("walt.withdraw@example.org", "Walt Withdraw", 3);
        var client = await site.SignedInAsAsync("walt.withdraw@example.org", TestPeople.Password);
        Assert.Contains("You have not said yes", WebUtility.HtmlDecode(await client.GetStringAsync("/patient/my-data/research")), StringComparison.Ordinal);

        var none = await client.PostFormAsync("/patient/my-data/research", "/patient/my-data/research", [new("version", "1")]);
        Assert.Contains("Choose yes or no, then save.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stale = await client.PostFormAsync("/patient/my-data/research", "/patient/my-data/research", [new("version", "0"), new("choice", "yes")]);
        Assert.Contains("The words about research changed", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await DecisionsAsync(patient.Id));

        await client.PostFormAsync("/patient/my-data/research", "/patient/my-data/research", [new("version", "1"), new("choice", "yes")]);
        await client.PostFormAsync("/patient/my-data/research", "/patient/my-data/research", [new("version", "1"), new("choice", "no")]);
        Assert.Equal([true, false], (await DecisionsAsync(patient.Id)).Select(d => d.Agreed));
        Assert.Contains("Right now you have said <strong>no</strong>", WebUtility.HtmlDecode(await client.GetStringAsync("/patient/my-data/research")), StringComparison.Ordinal);

        await using var scope = site.Services.CreateAsyncScope();
        var status = await scope.ServiceProvider.GetRequiredService<ResearchConsents>().StatusAsync(patient.Id);
        Assert.False(status.AgreesNow);
    }
}
