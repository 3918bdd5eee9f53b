using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>The schedule in the browser: a patient on a phone moves their next session; their therapist sees it.</summary>
public sealed class ScheduleJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task Patient_OnAPhone_MovesTheNextSession_AndTheTherapistSeesTheNewTime()
    {
        var patient = await site.NewPageAsync(360);
        await patient.SignInAsync("patient@example.org");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await patient.GetByRole(AriaRole.Link, new() { Name = "Schedule" }).ClickAsync();
        await Assertions.Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Your schedule" })).ToBeVisibleAsync();
        await patient.CheckAndCaptureAsync("patient-schedule");

        await patient.GetByRole(AriaRole.Link, new() { Name = "Move week 4" }).ClickAsync();
        await Assertions.Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Move week 4" })).ToBeVisibleAsync();
        await patient.CheckAndCaptureAsync("patient-schedule-move");
        var date = await patient.GetByLabel("New date").InputValueAsync();
        var newDate = DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
        await patient.GetByLabel("New date").FillAsync(newDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await patient.GetByLabel(new Regex("^New time")).FillAsync("19:30");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Move week 4" }).ClickAsync();

        await Assertions.Expect(patient.GetByText("Week 4 has moved.")).ToBeVisibleAsync();
        var shown = newDate.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) + ", 19:30";
        await Assertions.Expect(patient.GetByText(shown)).ToBeVisibleAsync();
        await patient.GetByRole(AriaRole.Link, new() { Name = "Stop the program" }).ClickAsync();
        await patient.CheckAndCaptureAsync("patient-schedule-stop");

        Guid patientId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            patientId = await db.Patients.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.Email })
                .Where(x => x.Email == "patient@example.org").Select(x => x.Id).SingleAsync();
        }
        var therapist = await site.NewPageAsync(1280);
        await therapist.SignInAsync("therapist@example.org");
        await therapist.GotoAsync($"/therapist/patients/{patientId}/schedule");
        await Assertions.Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Sam Patient's schedule" })).ToBeVisibleAsync();
        await Assertions.Expect(therapist.GetByText(shown)).ToBeVisibleAsync();
        await therapist.CheckAndCaptureAsync("therapist-patient-schedule");
    }
}
