using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

public sealed class AdminScheduleTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task Admin_SeesAPatientsEvents_AndCanRunAnOverdueOneExactlyOnce()
    {
        Guid enrolmentId, eventId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            enrolmentId = await db.Enrolments.Where(e => db.Patients.Any(p => p.Id == e.PatientId && db.Users.Any(u => u.Id == p.UserId && u.Email == "patient@example.org")))
                .Select(e => e.Id).SingleAsync();
            eventId = await db.ScheduledEvents.Where(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens && e.Week == 2).Select(e => e.Id).SingleAsync();
        }
        var admin = await site.SignedInAsAsync("admin@example.org");

        var list = await admin.GetStringAsync("/admin/schedules");
        var page = await admin.GetStringAsync($"/admin/schedules/{enrolmentId}");
        var first = await admin.PostFormAsync($"/admin/schedules/{enrolmentId}", $"/admin/schedules/{enrolmentId}/events/{eventId}/run", []);
        var second = await admin.PostFormAsync($"/admin/schedules/{enrolmentId}", $"/admin/schedules/{enrolmentId}/events/{eventId}/run", []);
        var after = await admin.GetStringAsync($"/admin/schedules/{enrolmentId}");

        Assert.Contains("Sam Patient", list);
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
