using System.Net;
using CbtProgram.IntegrationTests.Security.Sessions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Lifecycle;

/// <summary>A leaver's whole caseload moves to a colleague in one action; the leaver loses access to every record.</summary>
public sealed class CaseloadReassignmentTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task MoveCaseload_MovesEveryPatient_AndTheOldTherapistLosesAccess()
    {
        var leaver = await _site.CreateUserAsync("moving.on@example.org", "Mo Movingon", Roles.Therapist);
        var patients = new List<Guid>();
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            for (var i = 1; i <= 3; i++)
                patients.Add((await _site.CreatePatientAsync($"caseload{i}@example.org", $"Casey Load {i}")).Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var patient in await db.Patients.Where(p => patients.Contains(p.Id)).ToListAsync())
                patient.AssignTherapist(leaver.Id);
            await db.SaveChangesAsync();
        }
        var (old, _) = await _site.SignInAsync("moving.on@example.org", TestPeople.Password);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync($"/therapist/patients/{patients[0]}")).StatusCode);
        var admin = await _site.SignedInAsAsync("admin@example.org");
        var newTherapistId = await _site.UserIdAsync("therapist@example.org");

        var refused = await admin.AdminActsAsync(leaver.Id, "caseload", ("toTherapistId", leaver.Id));
        var notice = await admin.AdminActsAsync(leaver.Id, "caseload", ("toTherapistId", newTherapistId));

        Assert.Contains("Choose a different therapist", refused, StringComparison.Ordinal);
        Assert.Contains("Moved 3 patients", notice, StringComparison.Ordinal);
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(0, await db.Patients.CountAsync(p => p.AssignedTherapistId == leaver.Id));
            Assert.Equal(3, await db.Patients.CountAsync(p => patients.Contains(p.Id) && p.AssignedTherapistId == newTherapistId));
            Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.PatientId != null && patients.Contains(e.PatientId.Value) && e.Action == "assigned therapist"));
        }
        var colleague = await _site.SignedInAsAsync("therapist@example.org");
        foreach (var id in patients)
        {
            Assert.NotEqual(HttpStatusCode.OK, (await old.GetAsync($"/therapist/patients/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/therapist/patients/{id}")).StatusCode);
        }
    }
}
