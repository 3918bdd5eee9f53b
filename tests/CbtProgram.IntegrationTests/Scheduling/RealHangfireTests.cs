using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Scheduling;
using Hangfire;
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

    public Task InitializeAsync() => _site.WithSetting("Mail:PickupFolder", _pickup).WithSetting("Scheduling:SweepGraceSeconds", "1").InitializeAsync();

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
                new SessionPreferences("Africa/Abidjan", due.DayOfWeek, TimeOnly.FromDateTime(due.UtcDateTime), DateOnly.FromDateTime(due.UtcDateTime)));
        }

        var mail = await Mailbox.WaitForPickedUpAsync(_pickup, "real-hangfire@example.org", TimeSpan.FromSeconds(30));
        var leftAt = DateTimeOffset.UtcNow;

        Assert.Equal("Week 1 is ready", Assert.Single(mail).Subject);
        output.WriteLine($"due instant to email in the pickup folder: {(leftAt - due).TotalSeconds:0.0} s");
        Assert.InRange((leftAt - due).TotalSeconds, 0, 10);
        await using var check = _site.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1));
    }

    [Fact]
    public async Task ADeletedHangfireJob_IsHealedByTheSweeper_AndTheEmailLeavesOnce()
    {
        var patient = await _site.CreatePatientAsync("healed@example.org", "Hal Healed");
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        ScheduledEvent week1;
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var enrolment = await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patient,
                new SessionPreferences("Africa/Abidjan", due.DayOfWeek, TimeOnly.FromDateTime(due.UtcDateTime), DateOnly.FromDateTime(due.UtcDateTime)));
            week1 = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
                .SingleAsync(e => e.EnrolmentId == enrolment.Id && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1);
            Assert.True(scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Delete(week1.JobId!));
        }
        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));

        await using (var scope = _site.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
        await Mailbox.WaitForPickedUpAsync(_pickup, "healed@example.org", TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a duplicate, were there one

        Assert.Equal("Week 1 is ready", Assert.Single(await Mailbox.PickedUpForAsync(_pickup, "healed@example.org")).Subject);
        await using var check = _site.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(ScheduledEventStatus.Done, (await db.ScheduledEvents.AsNoTracking().SingleAsync(e => e.Id == week1.Id)).Status);
        var jobState = await db.Database.SqlQuery<string>($"SELECT statename AS \"Value\" FROM hangfire.job WHERE id = {long.Parse(week1.JobId!, System.Globalization.CultureInfo.InvariantCulture)}").SingleAsync();
        Assert.Equal("Deleted", jobState); // the job itself never ran: the sweeper did the work
    }
}
