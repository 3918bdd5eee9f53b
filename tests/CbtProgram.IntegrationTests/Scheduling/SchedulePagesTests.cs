using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>The schedule pages over HTTP: the patient and their therapist move a session, pause, resume and stop.</summary>
public sealed class SchedulePagesTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private async Task<(Guid PatientId, Guid EnrolmentId, HttpClient Patient)> PatientInWeek2Async(string email)
    {
        var patient = await site.CreatePatientInWeekAsync(email, "Sam Schedule", 2);
        await using var scope = site.Services.CreateAsyncScope();
        var enrolmentId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Enrolments.Where(e => e.PatientId == patient.Id).Select(e => e.Id).SingleAsync();
        return (patient.Id, enrolmentId, await site.SignedInAsAsync(email, TestPeople.Password));
    }

    private async Task<ScheduledEvent> OpeningAsync(Guid enrolmentId, int week)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
            .SingleAsync(e => e.EnrolmentId == enrolmentId && e.Kind == ScheduledEventKind.SessionOpens && e.Week == week);
    }

    private async Task<Enrolment> EnrolmentAsync(Guid enrolmentId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Enrolments.AsNoTracking().SingleAsync(e => e.Id == enrolmentId);
    }

    private static DateOnly LocalDate(ScheduledEvent opening, Enrolment enrolment) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(opening.DueAt, enrolment.Zone).DateTime);

    private static KeyValuePair<string, string>[] When(DateOnly? date, string time) =>
        [new("Date", date?.ToString("yyyy-MM-dd") ?? ""), new("Time", time)];

    [Fact]
    public async Task Patient_MovesTheirNextSession_AndSeesItOnTheScheduleAndInTheCalendarFeed()
    {
        var (_, enrolmentId, patient) = await PatientInWeek2Async("schedule-move@example.org");
        var enrolment = await EnrolmentAsync(enrolmentId);
        var week3 = await OpeningAsync(enrolmentId, 3);
        var newDate = LocalDate(week3, enrolment).AddDays(1);

        var page = await patient.GetStringAsync("/patient/schedule");
        var moved = await patient.PostFormAsync("/patient/schedule/weeks/3/move", "/patient/schedule/weeks/3/move", When(newDate, "19:15"));

        Assert.Contains("/patient/schedule/weeks/3/move", page);
        Assert.DoesNotContain("/patient/schedule/weeks/2/move", page); // week 2 has opened
        Assert.Equal("/patient/schedule", moved.Headers.Location!.OriginalString);
        var expected = SessionSchedule.ToInstant(newDate, new TimeOnly(19, 15), enrolment.Zone);
        Assert.Equal(expected, (await OpeningAsync(enrolmentId, 3)).DueAt);
        Assert.Contains("Week 3 has moved", await patient.GetStringAsync("/patient/schedule"));
        await patient.PostFormAsync("/patient/my-data", "/patient/my-data/calendar", []); // makes the calendar link
        var token = (await EnrolmentAsync(enrolmentId)).CalendarToken;
        var feed = await site.CreateClient().GetStringAsync($"/calendar/{token}.ics");
        Assert.Contains($"DTSTART:{expected.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", feed);
    }

    [Fact]
    public async Task Patient_BadMoves_GetAPlainMessage_AndChangeNothing()
    {
        var (_, enrolmentId, patient) = await PatientInWeek2Async("schedule-bad@example.org");
        var enrolment = await EnrolmentAsync(enrolmentId);
        var week3 = await OpeningAsync(enrolmentId, 3);
        var week4Date = LocalDate(await OpeningAsync(enrolmentId, 4), enrolment);
        const string form = "/patient/schedule/weeks/3/move";

        var noDate = await patient.PostFormAsync(form, form, When(null, "19:00"));
        var noTime = await patient.PostFormAsync(form, form, When(week4Date.AddDays(-1), ""));
        var pastWeek4 = await patient.PostFormAsync(form, form, When(week4Date.AddDays(1), "09:00"));
        var openedWeek = await patient.PostFormAsync(form, "/patient/schedule/weeks/2/move", When(week4Date.AddDays(-1), "09:00"));
        var movePageOfOpenedWeek = await patient.GetAsync("/patient/schedule/weeks/2/move");

        Assert.Contains("Choose the new date.", await noDate.Content.ReadAsStringAsync());
        Assert.Contains("Choose the new time", await noTime.Content.ReadAsStringAsync());
        Assert.Contains("Week 3 must open before week 4", WebUtility.HtmlDecode(await pastWeek4.Content.ReadAsStringAsync()));
        Assert.Contains("Week 2 has already opened, so it cannot move.", await openedWeek.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, movePageOfOpenedWeek.StatusCode);
        Assert.Equal(week3.DueAt, (await OpeningAsync(enrolmentId, 3)).DueAt);
    }

    [Fact]
    public async Task Patient_TurnsTheDiaryReminderOff_ChangesItsTime_AndIsToldWhenTheTimeIsMissing()
    {
        var (_, enrolmentId, patient) = await PatientInWeek2Async("schedule-diary@example.org");

        await patient.PostFormAsync("/patient/schedule", "/patient/schedule/diary-reminder", [new("On", "false")]);
        var off = (await EnrolmentAsync(enrolmentId)).DiaryReminderTime;
        await patient.PostFormAsync("/patient/schedule", "/patient/schedule/diary-reminder", [new("On", "true"), new("On", "false"), new("Time", "07:45")]);
        var on = (await EnrolmentAsync(enrolmentId)).DiaryReminderTime;
        await patient.PostFormAsync("/patient/schedule", "/patient/schedule/diary-reminder", [new("On", "true"), new("On", "false"), new("Time", "")]);

        Assert.Null(off);
        Assert.Equal(new TimeOnly(7, 45), on);
        Assert.Equal(new TimeOnly(7, 45), (await EnrolmentAsync(enrolmentId)).DiaryReminderTime);
        Assert.Contains("Choose a time for your diary reminder", await patient.GetStringAsync("/patient/schedule"));
    }

    [Fact]
    public async Task Patient_PausesResumesAndStops_AndTheTherapistIsToldOfTheStop()
    {
        var (patientId, enrolmentId, patient) = await PatientInWeek2Async("schedule-pause@example.org");

        await patient.PostFormAsync("/patient/schedule", "/patient/schedule/pause", []);
        var paused = (await EnrolmentAsync(enrolmentId)).Status;
        Assert.Contains("The program is paused", await patient.GetStringAsync("/patient/schedule"));
        await patient.PostFormAsync("/patient/schedule", "/patient/schedule/resume", []);
        var resumed = (await EnrolmentAsync(enrolmentId)).Status;
        var stopped = await patient.PostFormAsync("/patient/schedule/stop", "/patient/schedule/stop", [new("Reason", "")]);

        Assert.Equal(EnrolmentStatus.Paused, paused);
        Assert.Equal(EnrolmentStatus.Active, resumed);
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        var enrolment = await EnrolmentAsync(enrolmentId);
        Assert.Equal(EnrolmentStatus.Withdrawn, enrolment.Status);
        Assert.Equal("Stopped by the patient", enrolment.WithdrawalReason);
        await using var scope = site.Services.CreateAsyncScope();
        var email = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.SingleAsync(m => m.Key == $"withdrawn:{enrolmentId}:therapist:email");
        Assert.Equal("therapist@example.org", email.To);
        Assert.Contains($"/therapist/patients/{patientId}", email.Body);
    }

    [Fact]
    public async Task Therapist_MovesASession_AndStopsTheProgramOnlyWithAReason()
    {
        var (patientId, enrolmentId, _) = await PatientInWeek2Async("schedule-therapist@example.org");
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var enrolment = await EnrolmentAsync(enrolmentId);
        var newDate = LocalDate(await OpeningAsync(enrolmentId, 3), enrolment).AddDays(-1);
        var path = $"/therapist/patients/{patientId}/schedule";

        var page = await therapist.GetStringAsync(path);
        var moved = await therapist.PostFormAsync($"{path}/weeks/3/move", $"{path}/weeks/3/move", When(newDate, "08:00"));
        var noReason = await therapist.PostFormAsync($"{path}/stop", $"{path}/stop", [new("Reason", " ")]);
        var statusAfterNoReason = (await EnrolmentAsync(enrolmentId)).Status;
        await therapist.PostFormAsync($"{path}/stop", $"{path}/stop", [new("Reason", "Moving to in-person care")]);

        Assert.Contains("Sam Schedule", page);
        Assert.Equal(path, moved.Headers.Location!.OriginalString);
        Assert.Equal(SessionSchedule.ToInstant(newDate, new TimeOnly(8, 0), enrolment.Zone), (await OpeningAsync(enrolmentId, 3)).DueAt);
        Assert.Contains("Say briefly why the program is stopping.", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(EnrolmentStatus.Active, statusAfterNoReason);
        var stopped = await EnrolmentAsync(enrolmentId);
        Assert.Equal(EnrolmentStatus.Withdrawn, stopped.Status);
        Assert.Equal("Moving to in-person care", stopped.WithdrawalReason);
        Assert.Equal(ScheduledEventStatus.Cancelled, (await OpeningAsync(enrolmentId, 3)).Status);
    }

    [Fact]
    public async Task Patient_MovesToNewYork_AndTheirSessionsKeepTheirLocalTime()
    {
        var (_, enrolmentId, patient) = await PatientInWeek2Async("schedule-zone@example.org");
        var before = await OpeningAsync(enrolmentId, 3);
        var localBefore = TimeZoneInfo.ConvertTime(before.DueAt, (await EnrolmentAsync(enrolmentId)).Zone);

        var page = await patient.GetStringAsync("/patient/schedule");
        var moved = await patient.PostFormAsync("/patient/schedule", "/patient/schedule/time-zone", [new("TimeZone", "America/New_York")]);

        Assert.Contains("<option value=\"America/New_York\">America/New York</option>", page);
        Assert.Equal("/patient/schedule", moved.Headers.Location!.OriginalString);
        var enrolment = await EnrolmentAsync(enrolmentId);
        Assert.Equal("America/New_York", enrolment.TimeZoneId);
        var after = await OpeningAsync(enrolmentId, 3);
        Assert.Equal(localBefore.DateTime, TimeZoneInfo.ConvertTime(after.DueAt, enrolment.Zone).DateTime);
        Assert.NotEqual(before.DueAt, after.DueAt);
        var schedule = await patient.GetStringAsync("/patient/schedule");
        Assert.Contains("Your schedule is now in America/New York time.", schedule);
        Assert.Contains("<strong>America/New York</strong>", schedule);
    }

    [Theory]
    [InlineData("Eastern Standard Time")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public async Task Patient_ChoosingAZoneThatIsNotOnTheList_IsToldPlainly_AndNothingChanges(string zone)
    {
        var (_, enrolmentId, patient) = await PatientInWeek2Async($"schedule-zone-{zone.Length}@example.org");
        var before = await OpeningAsync(enrolmentId, 3);

        await patient.PostFormAsync("/patient/schedule", "/patient/schedule/time-zone", [new("TimeZone", zone)]);

        var page = WebUtility.HtmlDecode(await patient.GetStringAsync("/patient/schedule"));
        Assert.Contains(zone.Length == 0 ? "Choose a time zone from the list. Nothing was changed." : "That time zone is not on the list.", page);
        Assert.Equal("Europe/London", (await EnrolmentAsync(enrolmentId)).TimeZoneId);
        Assert.Equal(before.DueAt, (await OpeningAsync(enrolmentId, 3)).DueAt);
    }

    [Fact]
    public async Task Therapist_ChangesTheirPatientsTimeZone()
    {
        var (patientId, enrolmentId, _) = await PatientInWeek2Async("schedule-zone-therapist@example.org");
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var path = $"/therapist/patients/{patientId}/schedule";

        await therapist.PostFormAsync(path, $"{path}/time-zone", [new("TimeZone", "Australia/Sydney")]);

        Assert.Equal("Australia/Sydney", (await EnrolmentAsync(enrolmentId)).TimeZoneId);
        Assert.Contains("schedule is now in Australia/Sydney time", WebUtility.HtmlDecode(await therapist.GetStringAsync(path)));
    }
}
