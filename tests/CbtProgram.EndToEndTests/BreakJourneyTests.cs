using System.Globalization;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests;

/// <summary>A site whose clock the test moves, with no job server: the test runs the sweeper when time has passed.</summary>
public sealed class BrowserSiteOnAFakeClock : BrowserSite
{
    // Wednesday 10 March 2027, 12:00 UTC (London is on GMT until 28 March).
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 10, 12, 0, 0, TimeSpan.Zero));

    public BrowserSiteOnAFakeClock()
    {
        WithSetting("Demo:Caseload", "false");
        WithSetting("Jobs:RunServer", "false");
        WithClock(Clock);
    }
}

/// <summary>
/// The "done when", in the browser and by keyboard: a patient in week 2 takes an eight-day break over their
/// week 3 session and comes back; week 3 opens after the break at their usual time, the rest moves, their therapist is
/// told of no missed session. Then they move from London to New York and keep their usual local time.
/// </summary>
public sealed class BreakJourneyTests(BrowserSiteOnAFakeClock site) : IClassFixture<BrowserSiteOnAFakeClock>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private async Task<List<ScheduledEvent>> OpeningsAsync(Guid patientId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var enrolmentId = await db.Enrolments.Where(e => e.PatientId == patientId).Select(e => e.Id).SingleAsync();
        return await db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens).OrderBy(e => e.Week).ToListAsync();
    }

    private async Task SweepAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
    }

    private static string Shown(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    private static async Task PressAsync(IPage page, ILocator control)
    {
        await control.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
    }

    [Fact]
    public async Task APatientTakesAnEightDayBreak_ThenMovesToNewYork_AndKeepsTheirUsualTime()
    {
        // Week 2 opened yesterday (Tuesday 9 March) at 07:00 London time; week 3 is due on Tuesday 16 March.
        var patient = await site.CreatePatientInWeekAsync("break.journey@example.org", "Bea Break", 2);
        var before = await OpeningsAsync(patient.Id);
        Assert.Equal(new DateTimeOffset(2027, 3, 16, 7, 0, 0, TimeSpan.Zero), before[2].DueAt);

        var page = await site.NewPageAsync(360);
        await page.SignInAsync("break.journey@example.org", TestPeople.Password);
        await page.GotoAsync("/patient/schedule");
        await PressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Pause the program" }));
        await Assertions.Expect(page.GetByText("Your program is paused.")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("break-paused");

        site.Clock.Advance(TimeSpan.FromDays(8)); // Thursday 18 March: week 3's time came and went during the break
        await SweepAsync();
        page = await site.NewPageAsync(360);
        await page.SignInAsync("break.journey@example.org", TestPeople.Password);
        await page.GotoAsync("/patient/schedule");
        await PressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Resume the program" }));

        await Assertions.Expect(page.GetByText("Welcome back. Your next sessions moved on by 1 week")).ToBeVisibleAsync();
        var after = await OpeningsAsync(patient.Id);
        Assert.Equal(new DateTimeOffset(2027, 3, 23, 7, 0, 0, TimeSpan.Zero), after[2].DueAt); // the Tuesday after the break, 07:00
        Assert.Equal(new DateTimeOffset(2027, 3, 30, 6, 0, 0, TimeSpan.Zero), after[3].DueAt); // 07:00 BST after the clocks change
        await Assertions.Expect(page.GetByText(Shown(after[2].DueAt, London))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Cancelled")).ToHaveCountAsync(0);
        await page.CheckAndCaptureAsync("break-resumed");

        site.Clock.SetUtcNow(after[2].DueAt.AddMinutes(2));
        await SweepAsync();
        page = await site.NewPageAsync(360); // five days on: signed out by the session's time limit
        await page.SignInAsync("break.journey@example.org", TestPeople.Password);
        await page.GotoAsync("/patient");
        await Assertions.Expect(page.GetByText("Week 3 is ready").First).ToBeVisibleAsync();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var week3 = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking().SingleAsync(e => e.Id == after[2].Id);
            Assert.Equal("opened, patient told", week3.Outcome); // no "therapist told of missed sessions"
        }

        await page.GotoAsync("/patient/schedule");
        await page.GetByLabel("Time zone for your sessions").SelectOptionAsync("America/New_York");
        await PressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Change time zone" }));
        await Assertions.Expect(page.GetByText("Your schedule is now in America/New York time.")).ToBeVisibleAsync();
        var moved = await OpeningsAsync(patient.Id);
        Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(moved[3].DueAt, NewYork).DateTime));
        await Assertions.Expect(page.GetByText(Shown(moved[3].DueAt, NewYork))).ToBeVisibleAsync();
        // The weeks that opened before the move stay as they happened, in London time.
        await Assertions.Expect(page.GetByText($"{Shown(moved[1].DueAt, London)} (Europe/London time)")).ToBeVisibleAsync();
        await page.CheckAndCaptureAsync("break-new-zone");

        var therapist = await site.NewPageAsync(1280);
        await therapist.SignInAsync("therapist@example.org");
        await therapist.GotoAsync($"/therapist/patients/{patient.Id}/schedule");
        await Assertions.Expect(therapist.GetByText("America/New York").First).ToBeVisibleAsync();
        await therapist.CheckAndCaptureAsync("break-therapist-schedule");
    }
}
