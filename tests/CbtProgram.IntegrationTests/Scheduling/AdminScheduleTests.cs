using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>A site with no job server, so an overdue event stays overdue until an admin runs it.</summary>
public sealed class SiteWithoutJobServer : CbtWebApplicationFactory
{
    public SiteWithoutJobServer() => WithSetting("Jobs:RunServer", "false");
}

public sealed class AdminScheduleTests(SiteWithoutJobServer site) : IClassFixture<SiteWithoutJobServer>
{
    [Fact]
    public async Task Admin_SeesAPatientsEvents_AndRunNowQueuesAnOverdueOneAsAJobOfItsId()
    {
        // Enrolled with a start three days ago: week 1 is overdue and has not run (there is no job server here).
        var patient = await site.CreatePatientAsync("overdue@example.org", "Olly Overdue");
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3));
        Guid enrolmentId, eventId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            enrolmentId = (await scope.ServiceProvider.GetRequiredService<CbtProgram.Web.Journey.Onboarding>()
                .StoreAsync(patient, new SessionPreferences("Africa/Abidjan", start.DayOfWeek, new TimeOnly(9, 0), start))).Id;
            eventId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents
                .Where(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1).Select(e => e.Id).SingleAsync();
        }
        var admin = await site.SignedInAsAsync("admin@example.org");

        var list = await admin.GetStringAsync("/admin/schedules");
        var page = await admin.GetStringAsync($"/admin/schedules/{enrolmentId}");
        var run = await admin.PostFormAsync($"/admin/schedules/{enrolmentId}", $"/admin/schedules/{enrolmentId}/events/{eventId}/run", []);
        var after = await admin.GetStringAsync($"/admin/schedules/{enrolmentId}");

        Assert.Contains("Olly Overdue", list);
        Assert.Contains("Session opens, week 12", page);
        Assert.Contains("Follow-up opens", page);
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        // Queued, not run in the request: with no job server here it waits, and says so.
        Assert.Contains("Queued; it runs within a minute.", after);
        var queued = site.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 100)
            .Select(j => j.Value.Job).Where(j => j?.Type == typeof(CbtProgram.Web.Scheduling.EventDispatchJob)).ToList();
        Assert.Contains(queued, j => j!.Args.SequenceEqual([(object)eventId])); // only the event's id, nothing personal
        await using var check = site.Services.CreateAsyncScope();
        Assert.NotEqual(ScheduledEventStatus.Done, (await check.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.SingleAsync(e => e.Id == eventId)).Status);
    }

    [Fact]
    public async Task Admin_RestoresACancelledSession_WhichThenOpens()
    {
        // Week 1 was cancelled (as the old pause did to sessions due during a break); the program is still running.
        var patient = await site.CreatePatientAsync("restore@example.org", "Rhea Stored");
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3));
        Guid enrolmentId, eventId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            enrolmentId = (await scope.ServiceProvider.GetRequiredService<CbtProgram.Web.Journey.Onboarding>()
                .StoreAsync(patient, new SessionPreferences("Africa/Abidjan", start.DayOfWeek, new TimeOnly(9, 0), start))).Id;
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var week1 = await db.ScheduledEvents.SingleAsync(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 1);
            week1.Cancel(DateTimeOffset.UtcNow, "enrolment paused");
            await db.SaveChangesAsync();
            eventId = week1.Id;
        }
        var admin = await site.SignedInAsAsync("admin@example.org");
        var path = $"/admin/schedules/{enrolmentId}";

        var page = await admin.GetStringAsync(path);
        await admin.PostFormAsync(path, $"{path}/events/{eventId}/restore", []);
        var again = await admin.PostFormAsync(path, $"{path}/events/{eventId}/restore", []);
        var after = await admin.GetStringAsync(path);

        Assert.Contains($"{path}/events/{eventId}/restore", page);
        Assert.Contains("Only a cancelled event can be restored", WebUtility.HtmlDecode(after));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await using var check = site.Services.CreateAsyncScope();
        var restored = await check.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking().SingleAsync(e => e.Id == eventId);
        Assert.Equal(ScheduledEventStatus.Planned, restored.Status); // due already: planned at once
        Assert.True(await check.ServiceProvider.GetRequiredService<CbtProgram.Web.Scheduling.EventDispatcher>().DispatchAsync(eventId));
        Assert.True(await check.ServiceProvider.GetRequiredService<AppDbContext>().PatientModules.AnyAsync(m => m.PatientId == patient.Id && m.Week == 1));
    }

    [Theory]
    [InlineData("patient@example.org")]
    [InlineData("therapist@example.org")]
    public async Task Schedules_ForPatientsAndTherapists_AreForbidden(string email)
    {
        var client = await site.SignedInAsAsync(email);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/schedules")).StatusCode);
    }
}
