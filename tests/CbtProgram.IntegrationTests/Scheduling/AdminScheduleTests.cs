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
    public async Task Admin_SeesAPatientsEvents_AndCanRunAnOverdueOneExactlyOnce()
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
        var first = await admin.PostFormAsync($"/admin/schedules/{enrolmentId}", $"/admin/schedules/{enrolmentId}/events/{eventId}/run", []);
        var afterFirst = await admin.GetStringAsync($"/admin/schedules/{enrolmentId}");
        var second = await admin.PostFormAsync($"/admin/schedules/{enrolmentId}", $"/admin/schedules/{enrolmentId}/events/{eventId}/run", []);
        var after = await admin.GetStringAsync($"/admin/schedules/{enrolmentId}");

        Assert.Contains("Olly Overdue", list);
        Assert.Contains("The event ran.", afterFirst);
        Assert.Contains("SessionOpens, week 12", page);
        Assert.Contains("FollowUpOpens", page);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("had already run; nothing was done twice", after);
        await using var check = site.Services.CreateAsyncScope();
        var events = check.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents;
        Assert.Equal(ScheduledEventStatus.Done, (await events.SingleAsync(e => e.Id == eventId)).Status);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
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
