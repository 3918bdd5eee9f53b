using CbtProgram.Web.Care;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// A patient the caseload finds without a stored summary (written around the site, or a row lost) is still listed, as
/// a fresh computation gives them, and their summary is stored by the view.
/// </summary>
public sealed class CaseloadMissingSummaryTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory()
        .WithSetting("Demo:Caseload", "true").WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task APatientWithoutASummary_IsListedAsBefore_AndTheirSummaryIsStored()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var caseload = scope.ServiceProvider.GetRequiredService<Caseload>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var before = await caseload.ForTherapistAsync(therapistId);
        var lost = before.First(r => r.Name == "Sam Patient");

        await db.Set<PatientSummary>().Where(s => s.PatientId == lost.PatientId).ExecuteDeleteAsync();
        var after = await caseload.ForTherapistAsync(therapistId);

        Assert.Equal(before.Count, after.Count);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(lost), System.Text.Json.JsonSerializer.Serialize(after.Single(r => r.PatientId == lost.PatientId)));
        Assert.True(await db.Set<PatientSummary>().AnyAsync(s => s.PatientId == lost.PatientId));
    }
}
