using System.Net;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Care;

/// <summary>A patient's record Overview: the same fixed number of queries for a patient with little data as for one with a lot, and every view audited.</summary>
public sealed class PatientRecordPageTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Diagnostics:SqlCommandHeader", "true").WithSetting("Demo:Caseload", "true")
        .WithSetting("Sessions:LastSeenWriteSeconds", "3600"); // the once-a-minute "last active" write would land on a random request

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Overview_RunsTheSameNumberOfQueries_ForLittleAndMuchData_AndAuditsEachView()
    {
        var (newcomer, fullest, fullestDiaryDays) = await PatientsAsync();
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        await therapist.GetAsync($"/therapist/patients/{newcomer}"); // warm-up: caches, the curriculum

        var little = await CommandsAsync(therapist, newcomer);
        var much = await CommandsAsync(therapist, fullest);

        output.WriteLine($"record page: {little} SQL commands for a patient who has not started, {much} for one with {fullestDiaryDays} diary days");
        Assert.True(fullestDiaryDays > 50);
        Assert.Equal(little, much);
        Assert.Equal(3, much); // the session check, the patient and the access rule, one batch (the audit entry, RecordReads with the alerts, the banner)
        await using var scope = _site.Services.CreateAsyncScope();
        var views = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
            .CountAsync(e => e.PatientId == fullest && e.Action == "viewed record");
        Assert.Equal(1, views);
    }

    private async Task<(Guid Newcomer, Guid Fullest, int DiaryDays)> PatientsAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var newcomer = await (from patient in db.Patients join user in db.Users on patient.UserId equals user.Id
                              where user.DisplayName == "Noor Newstart" select patient.Id).SingleAsync();
        var fullest = await db.Patients.Where(p => p.AssignedTherapistId == therapistId)
            .Select(p => new { PatientId = p.Id, Days = db.DiaryEntries.Count(d => d.PatientId == p.Id) })
            .OrderByDescending(p => p.Days).FirstAsync();
        return (newcomer, fullest.PatientId, fullest.Days);
    }

    private static async Task<int> CommandsAsync(HttpClient client, Guid patientId)
    {
        var response = await client.GetAsync($"/therapist/patients/{patientId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(response.Headers.GetValues("X-Sql-Commands").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
