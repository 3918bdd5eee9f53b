using System.Net;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Requests;

/// <summary>Opening a thread (a GET, which another site can link to) leaves messages unread; the button or a reply marks them read.</summary>
public sealed class MarkReadTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task Therapist_OpeningTheThread_LeavesItUnread_AndMarkAsReadMarksIt()
    {
        var patient = await site.CreatePatientInWeekAsync("mark-read@example.org", "Mara Read", 2);
        var patientClient = await site.SignedInAsAsync("mark-read@example.org", TestPeople.Password);
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var thread = $"/therapist/patients/{patient.Id}/messages";
        await patientClient.PostFormAsync("/patient/messages", "/patient/messages", [new("text", "Is it all right to skip a week?")]);

        var page = await therapist.GetStringAsync(thread);
        var unreadAfterViewing = await UnreadAsync(patient.Id, fromPatient: true);
        var marked = await therapist.PostFormAsync(thread, thread + "/read", []);

        Assert.Contains("Mark as read", page);
        Assert.Equal(1, unreadAfterViewing);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Equal(0, await UnreadAsync(patient.Id, fromPatient: true));
        Assert.DoesNotContain("Mark as read", await therapist.GetStringAsync(thread));
    }

    [Fact]
    public async Task Patient_OpeningTheThread_LeavesItUnread_AndReplyingMarksItRead()
    {
        var patient = await site.CreatePatientInWeekAsync("reply-read@example.org", "Rory Reply", 2);
        var patientClient = await site.SignedInAsAsync("reply-read@example.org", TestPeople.Password);
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var thread = $"/therapist/patients/{patient.Id}/messages";
        await therapist.PostFormAsync(thread, thread, [new("text", "How was the breathing exercise?")]);

        var page = await patientClient.GetStringAsync("/patient/messages");
        var unreadAfterViewing = await UnreadAsync(patient.Id, fromPatient: false);
        await patientClient.PostFormAsync("/patient/messages", "/patient/messages", [new("text", "It helped, thank you.")]);

        Assert.Contains("<strong class=\"ms-2\">New</strong>", page);
        Assert.Equal(1, unreadAfterViewing);
        Assert.Equal(0, await UnreadAsync(patient.Id, fromPatient: false));
    }

    private async Task<int> UnreadAsync(Guid patientId, bool fromPatient)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Messages
            .CountAsync(m => m.PatientId == patientId && m.FromPatient == fromPatient && m.ReadAt == null);
    }
}
