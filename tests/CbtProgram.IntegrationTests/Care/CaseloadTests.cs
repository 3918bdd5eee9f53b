using System.Net;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Care;

/// <summary>The demo therapist's caseload: every status and flag, open alerts first, and a fixed number of queries.</summary>
public sealed class CaseloadTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Diagnostics:SqlCommandHeader", "true").WithSetting("Demo:Caseload", "true")
        .WithSetting("Sessions:LastSeenWriteSeconds", "3600"); // the once-a-minute "last active" write would land on a random request

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<IReadOnlyList<CaseloadRow>> RowsAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var therapistId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        return await scope.ServiceProvider.GetRequiredService<Caseload>().ForTherapistAsync(therapistId);
    }

    [Fact]
    public async Task DemoCaseload_ShowsEveryStageAndFlag()
    {
        var rows = await RowsAsync();
        CaseloadRow Row(string name) => rows.Single(r => r.Name == name);

        Assert.Equal(CaseStage.NotStarted, Row("Noor Newstart").Stage);
        Assert.Equal(CaseStage.Baseline, Row("Bea Baseline").Stage);
        Assert.Equal("Week 3 of 12", Row("Sam Patient").StageText);
        Assert.Equal(CaseStage.Paused, Row("Pat Pearson").Stage);
        Assert.Equal(CaseStage.Withdrawn, Row("Wren Walsh").Stage);
        Assert.Equal(CaseStage.Finished, Row("Fin Fletcher").Stage);
        Assert.Equal(CaseStage.FollowUpDue, Row("Fay Foster").Stage);
        Assert.Equal(CaseStage.FollowUpDone, Row("Dee Dalton").Stage);
        Assert.Equal(CaseStage.FollowUpMissed, Row("Mia Marsh").Stage);
        Assert.Contains(CaseFlagKind.RiskAlert, Row("Riley Rivers").Flags);
        Assert.True(Row("Riley Rivers").UnacknowledgedAlert);
        Assert.Contains(CaseFlagKind.RiskAlert, Row("Casey Calloway").Flags);
        Assert.False(Row("Casey Calloway").UnacknowledgedAlert);
        // Casey takes a triptan for worse headaches and ibuprofen for the others: more than one kind on 10+ days.
        Assert.Contains(CaseFlagKind.MedicationOveruse, Row("Casey Calloway").Flags);
        var casey = Row("Casey Calloway").Medication!;
        output.WriteLine($"Casey: medicine on {casey.MedicineDays} of {casey.RecordedDays} days, triptan-like {casey.TenDayKindDays}, simple {casey.SimplePainkillerDays}: {casey.Reasons}");
        Assert.True(casey.Reasons.HasFlag(MedicationOveruseReasons.SeveralKinds));
        Assert.True(casey.MedicineDays >= MedicationOveruse.TenDayThreshold && casey.RecordedDays <= MedicationOveruse.WindowDays);
        Assert.Contains(CaseFlagKind.Worsening, Row("Mo Midway").Flags);
        Assert.True(Row("Mo Midway").Phq9Change >= 5);
        Assert.Equal(1, Row("Mo Midway").UnreadMessages);
        Assert.Contains(CaseFlagKind.MissedSessions, Row("Max Moreno").Flags);
        Assert.Equal(2, Row("Max Moreno").MissedInARow);
        Assert.Contains(CaseFlagKind.FollowUpDue, Row("Fay Foster").Flags);
        Assert.Contains(CaseFlagKind.FollowUpMissed, Row("Mia Marsh").Flags);
        Assert.Empty(Row("Sam Patient").Flags);
        Assert.Equal(2, Row("Sam Patient").CompletedOnTime);
        Assert.Equal(2, Row("Sam Patient").SessionsEnded);
        Assert.NotNull(Row("Sam Patient").HeadacheDays);
        Assert.DoesNotContain(rows, r => r.Name == "Jo Okafor"); // the other demo therapist's patient
        Assert.Equal(14, rows.Count);
    }

    [Fact]
    public async Task CaseloadPage_PutsOpenRiskAlertsFirst_SortsAndFilters()
    {
        var therapist = await _site.SignedInAsAsync("therapist@example.org");

        var page = await therapist.GetStringAsync("/therapist");
        var byName = await therapist.GetStringAsync("/therapist?sort=name");
        var missed = await therapist.GetStringAsync("/therapist?filter=MissedSessions");

        Assert.True(page.IndexOf("Riley Rivers", StringComparison.Ordinal) < page.IndexOf("Casey Calloway", StringComparison.Ordinal)); // unacknowledged first
        Assert.True(page.IndexOf("Casey Calloway", StringComparison.Ordinal) < page.IndexOf("Bea Baseline", StringComparison.Ordinal));
        Assert.True(byName.IndexOf("Bea Baseline", StringComparison.Ordinal) < byName.IndexOf("Casey Calloway", StringComparison.Ordinal));
        Assert.Contains("Max Moreno", missed);
        Assert.DoesNotContain("Sam Patient", missed);
        Assert.Contains("Showing 1 of 14 patients", missed);
    }

    [Fact]
    public async Task CaseloadPage_RunsAFixedNumberOfQueries_WhateverTheNumberOfPatients()
    {
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        await therapist.GetAsync("/therapist"); // warm-up: caches, the curriculum
        var before = await CommandsAsync(therapist);
        for (var i = 0; i < 10; i++)
            await _site.CreatePatientInWeekAsync($"more-{i}@example.org", $"More Patient {i}", 1 + i);

        var after = await CommandsAsync(therapist);

        output.WriteLine($"caseload page: {before} SQL commands with 14 patients, {after} with 24");
        Assert.Equal(before, after);
        Assert.Equal(2, after); // the session check, then the patients with their names and summary rows (the banner reuses them)
    }

    private static async Task<int> CommandsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/therapist");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(response.Headers.GetValues("X-Sql-Commands").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
