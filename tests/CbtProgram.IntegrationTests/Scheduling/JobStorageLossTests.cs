using System.Diagnostics;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Hangfire's tables are emptied under the running site (TRUNCATE, as a botched restore or an operator's mistake would):
/// with no restart, the recurring jobs come back and the sessions due in the next seconds still open, each once. The
/// sweeper's grace is an hour here, so only the keeper's bulk re-plan can have delivered them on time.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class JobStorageLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _pickup = Directory.CreateTempSubdirectory("cbt-mail-").FullName;
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Mail:PickupFolder", _pickup)
        .WithSetting("Scheduling:SweepGraceSeconds", "3600")
        .WithSetting("Jobs:KeeperSeconds", "2")
        .InitializeAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_pickup, recursive: true);
    }

    [Fact]
    public async Task AfterHangfiresTablesAreTruncated_RecurringJobsReturn_AndEveryDueSessionOpensOnce()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(10);
        var patients = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var patient = await _site.CreatePatientAsync($"wiped-{i}@example.org", $"Wren Wiped {i}");
            await using var scope = _site.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patient,
                new SessionPreferences("Africa/Abidjan", due.DayOfWeek, TimeOnly.FromDateTime(due.UtcDateTime), DateOnly.FromDateTime(due.UtcDateTime)));
            patients.Add(patient.Id);
        }
        var openings = await WeekOneOpeningsAsync(patients);
        Assert.Equal(3, openings.Count);
        Assert.All(openings, e => Assert.Equal(ScheduledEventStatus.Planned, e.Status));

        await WithDbAsync(async db =>
        {
            var tables = await db.Database.SqlQuery<string>($"SELECT tablename AS \"Value\" FROM pg_tables WHERE schemaname = 'hangfire' AND tablename <> 'schema'").ToListAsync();
            var truncate = "TRUNCATE " + string.Join(", ", tables.Select(t => $"hangfire.\"{t}\"")) + " RESTART IDENTITY CASCADE";
            return await db.Database.ExecuteSqlRawAsync(truncate);
        });
        Assert.Empty(RecurringJobsInStorage());
        var wipedAt = Stopwatch.StartNew();

        while (RecurringJobsInStorage().Count < RecurringJobs.All.Count && wipedAt.Elapsed < TimeSpan.FromMinutes(3))
            await Task.Delay(200);
        output.WriteLine($"recurring jobs back after {wipedAt.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(RecurringJobs.All.Select(j => j.Id).Order(), RecurringJobsInStorage().Order());

        while (WeekOneEmails().Count < 3 && wipedAt.Elapsed < TimeSpan.FromMinutes(3))
            await Task.Delay(200);
        output.WriteLine($"every opening's email out {(DateTimeOffset.UtcNow - due).TotalSeconds:0.0} s after it was due");
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for a duplicate, were there one

        Assert.Equal(3, WeekOneEmails().Count);
        Assert.Equal(3, WeekOneEmails().Select(text => text.Split('\n').First(line => line.StartsWith("To:", StringComparison.Ordinal))).Distinct().Count());
        Assert.All(await WeekOneOpeningsAsync(patients), e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
        Assert.Equal(3, await WithDbAsync(db => db.PatientModules.CountAsync(m => patients.Contains(m.PatientId) && m.Week == 1)));
        Assert.InRange((DateTimeOffset.UtcNow - due).TotalSeconds, 0, 60); // on time, not a sweep an hour later
    }

    private Task<List<ScheduledEvent>> WeekOneOpeningsAsync(List<Guid> patients) => WithDbAsync(db => db.ScheduledEvents.AsNoTracking()
        .Where(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1 && db.Enrolments.Any(en => en.Id == e.EnrolmentId && patients.Contains(en.PatientId)))
        .ToListAsync());

    private List<string> RecurringJobsInStorage()
    {
        using var connection = _site.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }

    private List<string> WeekOneEmails() =>
        Directory.GetFiles(_pickup, "*.eml").Select(File.ReadAllText).Where(text => text.Contains("Week 1 is ready", StringComparison.Ordinal)).ToList();

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
