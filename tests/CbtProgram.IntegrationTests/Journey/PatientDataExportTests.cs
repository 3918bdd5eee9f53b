using System.Net;
using System.Text.Json;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>The patient's download of their data holds their whole schedule, reminders and nudges included.</summary>
public sealed class PatientDataExportTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task TheJsonDownload_HoldsEveryEventOfTheSchedule()
    {
        var patient = await _site.SignedInAsAsync("patient@example.org");
        var response = await patient.GetAsync("/patient/my-data/cbtprogram-my-data.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var kinds = json.RootElement.GetProperty("schedule").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();

        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await db.Users.Where(u => u.Email == "patient@example.org").Select(u => u.Id).SingleAsync();
        var held = await db.ScheduledEvents
            .Where(e => db.Enrolments.Any(n => n.Id == e.EnrolmentId && db.Patients.Any(p => p.Id == n.PatientId && p.UserId == userId)))
            .Select(e => e.Kind).ToListAsync();

        Assert.Equal(held.Select(k => k.ToString()).Order(), kinds.Order()); // events due at the same moment come in either order
        Assert.Contains(nameof(ScheduledEventKind.SessionReminder), kinds);
        Assert.Contains(nameof(ScheduledEventKind.ModuleNudge), kinds);
    }
}
