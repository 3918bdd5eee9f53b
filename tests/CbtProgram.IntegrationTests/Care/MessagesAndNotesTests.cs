using System.Net;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Care;

/// <summary>Messages between a patient and their therapist, and the therapist's private notes.</summary>
public sealed class MessagesAndNotesTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Fact]
    public async Task PatientAndTherapist_ExchangeMessages_AndTheEmailsCarryNoWords()
    {
        var patient = await site.CreatePatientInWeekAsync("messages@example.org", "Mel Message", 2);
        var patientClient = await site.SignedInAsAsync("messages@example.org", TestPeople.Password);
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var thread = $"/therapist/patients/{patient.Id}/messages";

        var sent = await patientClient.PostFormAsync("/patient/messages", "/patient/messages", [new("text", "My headaches were worse after the night shifts.")]);
        var caseload = await therapist.GetStringAsync("/therapist");
        var therapistView = await therapist.GetStringAsync(thread);
        var replied = await therapist.PostFormAsync(thread, thread, [new("text", "Thank you for telling me. Let's look at sleep in week 4.")]);
        var patientView = await patientClient.GetStringAsync("/patient/messages");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Matches(@"Mel Message</a>\s*<span[^>]*>1 new message", caseload);
        Assert.Contains("My headaches were worse after the night shifts.", therapistView);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        Assert.Contains("Let&#x27;s look at sleep in week 4.", patientView);
        await using var scope = site.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Messages.Where(m => m.PatientId == patient.Id && m.FromPatient).AllAsync(m => m.ReadAt != null));
        var emails = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .Where(m => m.Key.StartsWith("message:") && (m.To == "messages@example.org" || m.Body.Contains(patient.Id.ToString()))).ToListAsync();
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.DoesNotContain("headache", e.Body, StringComparison.OrdinalIgnoreCase));
        Assert.All(emails, e => Assert.DoesNotContain("sleep", e.Body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task EmptyOrOverlongMessages_AreRefusedWithAMessage_AndNothingIsSent()
    {
        await site.CreatePatientInWeekAsync("messages-bad@example.org", "Bo Blank", 1);
        var client = await site.SignedInAsAsync("messages-bad@example.org", TestPeople.Password);

        var empty = await client.PostFormAsync("/patient/messages", "/patient/messages", [new("text", "   ")]);
        var overlong = await client.PostFormAsync("/patient/messages", "/patient/messages", [new("text", new string('a', 4001))]);

        Assert.Contains("Write your message first.", await empty.Content.ReadAsStringAsync());
        Assert.Contains("Keep your message under 4000 characters", await overlong.Content.ReadAsStringAsync());
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Messages.AnyAsync(m => db.Patients.Any(p => p.Id == m.PatientId && db.Users.Any(u => u.Id == p.UserId && u.Email == "messages-bad@example.org"))));
    }

    [Fact]
    public async Task ClinicalNotes_AreKeptForStaff_AndNeverReachThePatientOrTheirDownload()
    {
        var patient = await site.CreatePatientInWeekAsync("notes@example.org", "Nia Notes", 2);
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var notes = $"/therapist/patients/{patient.Id}/notes";

        var empty = await therapist.PostFormAsync(notes, notes, [new("text", "")]);
        await therapist.PostFormAsync(notes, notes, [new("text", "Discussed a graded return to walking. Review in week 4.")]);
        var notesPage = await therapist.GetStringAsync(notes);
        var admin = await site.SignedInAsAsync("admin@example.org");
        var adminView = await admin.GetStringAsync(notes);
        var patientClient = await site.SignedInAsAsync("notes@example.org", TestPeople.Password);
        var download = await patientClient.GetStringAsync("/patient/my-data/cbtprogram-my-data.json");
        var ownPages = string.Concat(await Task.WhenAll(new[] { "/patient", "/patient/messages", "/patient/progress", "/patient/schedule" }.Select(patientClient.GetStringAsync)));

        Assert.Contains("Write the note first.", await empty.Content.ReadAsStringAsync());
        Assert.Contains("Discussed a graded return to walking.", notesPage);
        Assert.Contains("Dr Robin Taylor", notesPage);
        Assert.Contains("Discussed a graded return to walking.", adminView);
        Assert.DoesNotContain("graded return", download);
        Assert.DoesNotContain("graded return", ownPages);
        Assert.Equal(HttpStatusCode.Forbidden, (await patientClient.GetAsync(notes)).StatusCode);
    }
}
