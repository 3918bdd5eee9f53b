using System.Diagnostics;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>A session opening due in a few seconds, run by the real Hangfire server: module opened and the email out.</summary>
[Collection(RunsAlone.Name)]
public sealed class RealHangfireTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _pickup = Directory.CreateTempSubdirectory("cbt-mail-").FullName;
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Mail:PickupFolder", _pickup).InitializeAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_pickup, recursive: true);
    }

    [Fact]
    public async Task ASessionDueInSeconds_OpensOnTimeAndItsEmailLeavesWithin10Seconds()
    {
        var patient = await _site.CreatePatientAsync("real-hangfire@example.org", "Rhea Realtime");
        var due = DateTimeOffset.UtcNow.AddSeconds(4);
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patient,
                new SessionPreferences("Etc/UTC", due.DayOfWeek, TimeOnly.FromDateTime(due.UtcDateTime), DateOnly.FromDateTime(due.UtcDateTime)));
        }

        var watch = Stopwatch.StartNew();
        while (Directory.GetFiles(_pickup, "*.eml").Length == 0 && watch.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        var leftAt = DateTimeOffset.UtcNow;

        var file = Assert.Single(Directory.GetFiles(_pickup, "*.eml"));
        Assert.Contains("Week 1 is ready", await File.ReadAllTextAsync(file));
        output.WriteLine($"due instant to email in the pickup folder: {(leftAt - due).TotalSeconds:0.0} s");
        Assert.InRange((leftAt - due).TotalSeconds, 0, 10);
        await using var check = _site.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1));
    }
}
