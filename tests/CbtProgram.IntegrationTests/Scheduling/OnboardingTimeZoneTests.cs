using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// The onboarding form lists only IANA ids, but a request can carry anything: the server itself refuses a zone that is
/// not on the list, even one .NET would resolve (a Windows id) or PostgreSQL would (an Etc/ zone), and stores nothing.
/// </summary>
public sealed partial class OnboardingTimeZoneTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    [Theory]
    [InlineData("zone-windows@example.org", "Eastern Standard Time")]
    [InlineData("zone-etc@example.org", "Etc/GMT+5")]
    public async Task Onboarding_RefusesAZoneNotOnTheList_AndStoresNoEnrolment(string email, string zone)
    {
        var patient = await site.CreatePatientAsync(email, "Zo Ning");
        var client = await site.SignedInAsAsync(email, TestPeople.Password);
        var version = ConsentVersion().Match(await client.GetStringAsync("/patient/consent")).Groups[1].Value;
        await client.PostFormAsync("/patient/consent", "/patient/consent", [new("version", version), new("agree", "true")]);
        Assert.Equal("/patient/onboarding", (await client.GetAsync("/patient")).Headers.Location!.OriginalString);

        var response = await client.PostFormAsync("/patient/onboarding", "/patient/onboarding",
        [
            new("TimeZone", zone),
            new("Weekday", "Monday"),
            new("Time", "18:30"),
            new("StartDate", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("DiaryReminder", "true"),
            new("DiaryReminderTime", "20:00"),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose your time zone from the list.", await response.Content.ReadAsStringAsync());
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Enrolments.AnyAsync(e => e.PatientId == patient.Id));
        Assert.Equal("/patient/onboarding", (await client.GetAsync("/patient")).Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex ConsentVersion();
}
