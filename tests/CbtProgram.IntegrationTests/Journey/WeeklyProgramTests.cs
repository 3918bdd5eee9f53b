using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>A patient in the program: the module player, the check-in, safety, the diary, progress and their data.</summary>
public sealed class WeeklyProgramTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static string Day(int daysFromToday) => DateTime.UtcNow.AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpClient> PatientInWeekAsync(string email, int week)
    {
        await site.CreatePatientInWeekAsync(email, email.Split('@')[0], week);
        return await site.SignedInAsAsync(email, TestPeople.Password);
    }

    private static IEnumerable<KeyValuePair<string, string>> Phq9(int item9 = 0, int others = 1) =>
        Enumerable.Range(1, 9).Select(i => new KeyValuePair<string, string>($"answers[{i}]", (i == 9 ? item9 : others).ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Week1_OverTwoSittings_ResumesWhereLeft_KeepsWorksheetAnswers_AndRecordsCompletion()
    {
        var patient = await PatientInWeekAsync("two-sittings@example.org", week: 1);

        var start = await patient.GetAsync("/patient/modules/1");
        Assert.Equal("/patient/modules/1/steps/check-in", start.Headers.Location!.OriginalString);
        var skipCheckIn = await patient.PostFormAsync("/patient/modules/1/steps/check-in", "/patient/modules/1/steps/check-in", [new("direction", "next")]);
        Assert.Equal("/patient/modules/1/steps/check-in", skipCheckIn.Headers.Location!.OriginalString);
        await patient.PostFormAsync("/patient/modules/1/steps/check-in", "/patient/modules/1/check-in", Phq9());
        var afterCheckIn = await patient.GetAsync("/patient/modules/1");
        var secondStep = afterCheckIn.Headers.Location!.OriginalString;
        Assert.NotEqual("/patient/modules/1/steps/check-in", secondStep);

        // Walk forward to the first worksheet and fill it in, then "leave".
        var module = await PinnedModuleAsync("two-sittings@example.org", 1);
        var worksheet = module.Steps.First(s => s.Kind == "worksheet");
        var field = worksheet.Fields.First(f => f.Type is "long-text" or "text");
        string current = secondStep;
        while (!current.EndsWith($"/steps/{worksheet.Id}", StringComparison.Ordinal))
        {
            var step = current.Split('/')[^1];
            var next = await patient.PostFormAsync(current, $"/patient/modules/1/steps/{step}", [new("direction", "next")]);
            current = (await patient.GetAsync(next.Headers.Location!.OriginalString)).Headers.Location!.OriginalString;
        }
        var saved = await patient.PostFormAsync(current, $"/patient/modules/1/steps/{worksheet.Id}",
            [new($"values[{field.Id}]", "My head hurts more when I skip lunch."), new("direction", "next")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Second sitting, on another device: a new sign-in resumes at the next step, and the worksheet kept its answer.
        var otherDevice = await site.SignedInAsAsync("two-sittings@example.org", TestPeople.Password);
        var resume = await otherDevice.GetAsync("/patient/modules/1");
        var nextIndex = module.Steps.ToList().FindIndex(s => s.Id == worksheet.Id) + 1;
        Assert.Equal($"/patient/modules/1/steps/{module.Steps[nextIndex].Id}", resume.Headers.Location!.OriginalString);
        var revisit = await otherDevice.GetStringAsync($"/patient/modules/1/steps/{worksheet.Id}");
        Assert.Contains("My head hurts more when I skip lunch.", revisit);

        // Finish the rest.
        for (var i = nextIndex; i < module.Steps.Count; i++)
            await otherDevice.PostFormAsync($"/patient/modules/1/steps/{module.Steps[i].Id}", $"/patient/modules/1/steps/{module.Steps[i].Id}", [new("direction", "next")]);
        var done = await otherDevice.GetStringAsync("/patient/modules/1");
        Assert.Contains("week 1 is complete", done);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var progress = await db.PatientModules.SingleAsync(m => m.Week == 1 && db.Patients.Any(p => p.Id == m.PatientId && db.Users.Any(u => u.Id == p.UserId && u.Email == "two-sittings@example.org")));
        Assert.NotNull(progress.CompletedAt);
    }

    [Fact]
    public async Task AWeekThatHasNotOpened_SaysWhenItOpens_AndCannotBeSavedTo()
    {
        var patient = await PatientInWeekAsync("not-open@example.org", week: 2);

        var page = await patient.GetAsync("/patient/modules/3");
        var post = await patient.PostFormAsync("/patient", "/patient/modules/3/steps/check-in", [new("direction", "next")]);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Week 3 is not open yet", await page.Content.ReadAsStringAsync());
        Assert.Contains("It opens on", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task ATamperedStepId_IsRefusedAndChangesNothing()
    {
        var patient = await PatientInWeekAsync("tampered@example.org", week: 1);

        var response = await patient.PostFormAsync("/patient", "/patient/modules/1/steps/no-such-step", [new("direction", "next")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOutOfRangeWorksheetAnswer_IsRefusedWithAMessage()
    {
        var patient = await PatientInWeekAsync("out-of-range@example.org", week: 2);
        var module = await PinnedModuleAsync("out-of-range@example.org", 2);
        var (step, field) = module.Steps.SelectMany(s => s.Fields.Select(f => (s, f))).First(x => x.f.Type is "scale" or "number" && x.f.Max is not null);
        await patient.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", Phq9()); // the check-in comes first

        var response = await patient.PostFormAsync("/patient", $"/patient/modules/2/steps/{step.Id}",
            [new($"values[{field.Id}]", "999"), new("direction", "next")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved yet", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AStepPostedWithEmptyFields_IsSavedAsUnanswered()
    {
        var patient = await PatientInWeekAsync("empty-fields@example.org", week: 2);
        var module = await PinnedModuleAsync("empty-fields@example.org", 2);
        var step = module.Steps.First(s => s.Fields.Count > 0);

        var response = await patient.PostFormAsync("/patient", $"/patient/modules/2/steps/{step.Id}",
            step.Fields.Select(f => new KeyValuePair<string, string>($"values[{f.Id}]", "")).Append(new("direction", "next")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task ARiskAnswerAtCheckIn_ShowsCrisisResourcesNext_RaisesOneAlert_AndEmailsTheTherapistWithoutDetail()
    {
        var patient = await PatientInWeekAsync("risk-answer@example.org", week: 2);

        var response = await patient.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", Phq9(item9: 1));
        var again = await patient.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", Phq9(item9: 1));

        Assert.StartsWith("/patient/support?next=", response.Headers.Location!.OriginalString);
        var support = await patient.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("not a diagnosis", support);
        Assert.Contains("Samaritans", support);
        Assert.Contains("href=\"/patient/modules/2\"", support);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var patientId = await db.Patients.Where(p => db.Users.Any(u => u.Id == p.UserId && u.Email == "risk-answer@example.org")).Select(p => p.Id).SingleAsync();
        var alert = await db.RiskAlerts.SingleAsync(a => a.PatientId == patientId);
        var therapistId = await db.Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        Assert.Equal(therapistId, alert.TherapistId);
        Assert.Contains("question 9", alert.Reasons);
        var email = await db.OutboxMessages.SingleAsync(m => m.Key == $"risk-alert:{alert.Id}:owner:{therapistId}:email");
        Assert.Equal("therapist@example.org", email.To);
        Assert.DoesNotContain("question 9", email.Body);
        Assert.DoesNotContain("risk-answer", email.Body);
    }

    [Fact]
    public async Task ATotalOf20OrMore_AlsoRaisesAnAlert()
    {
        var patient = await PatientInWeekAsync("high-total@example.org", week: 2);

        var response = await patient.PostFormAsync("/patient/modules/2/steps/check-in", "/patient/modules/2/check-in", Phq9(item9: 0, others: 3));

        Assert.StartsWith("/patient/support", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Diary_SecondEntryForADayUpdatesIt_FutureAndOldDaysAreRefused_AndBadValuesChangeNothing()
    {
        var patient = await PatientInWeekAsync("diary-rules@example.org", week: 1);
        var today = Day(0);

        await patient.PostFormAsync($"/patient/diary/{today}", $"/patient/diary/{today}", [new("HadHeadache", "false"), new("Mood", "6")]);
        await patient.PostFormAsync($"/patient/diary/{today}", $"/patient/diary/{today}",
            [new("HadHeadache", "true"), new("PeakIntensity", "7"), new("HeadacheHours", "3"), new("TookAcuteMedication", "true"), new("Medication", "Ibuprofen"), new("MedicineKinds", "SimplePainkiller"), new("MedicineDoses", "2"), new("Mood", "4"), new("SleepHours", "6.5")]);
        var future = await patient.PostFormAsync($"/patient/diary/{today}", $"/patient/diary/{Day(2)}", [new("HadHeadache", "false"), new("Mood", "6")]);
        var tooOld = await patient.PostFormAsync($"/patient/diary/{today}", $"/patient/diary/{Day(-20)}", [new("HadHeadache", "false"), new("Mood", "6")]);
        var badMood = await patient.PostFormAsync($"/patient/diary/{today}", $"/patient/diary/{today}", [new("HadHeadache", "false"), new("Mood", "11")]);
        var noMedicineName = await patient.PostFormAsync($"/patient/diary/{today}", $"/patient/diary/{today}", [new("HadHeadache", "false"), new("Mood", "5"), new("TookAcuteMedication", "true")]);

        Assert.Contains("cannot fill in the diary for a day that has not happened yet", await future.Content.ReadAsStringAsync());
        Assert.Contains("last 7 days only", await tooOld.Content.ReadAsStringAsync());
        Assert.Contains("Choose your mood from 0 to 10.", await badMood.Content.ReadAsStringAsync());
        Assert.Contains("Write the name of the medicine you took", await noMedicineName.Content.ReadAsStringAsync());
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var patientId = await db.Patients.Where(p => db.Users.Any(u => u.Id == p.UserId && u.Email == "diary-rules@example.org")).Select(p => p.Id).SingleAsync();
        var entries = await db.DiaryEntries.Where(e => e.PatientId == patientId && e.Date == DateOnly.Parse(today, CultureInfo.InvariantCulture)).ToListAsync();
        var entry = Assert.Single(entries);
        Assert.True(entry.HadHeadache);
        Assert.Equal(7, entry.PeakIntensity);
        Assert.Equal(4, entry.Mood);
        Assert.False(await db.DiaryEntries.AnyAsync(e => e.PatientId == patientId && e.Date > DateOnly.Parse(today, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Progress_ShowsScoresWithBands_DiaryPer28Days_AndTableAlternatives()
    {
        var patient = await PatientInWeekAsync("progress@example.org", week: 3);

        var html = await patient.GetStringAsync("/patient/progress");

        Assert.Contains("PHQ-9", html);
        Assert.Contains("Show as a table", html);
        Assert.Contains("Headache days, medicine days and headache strength, per 28 days", html);
        Assert.Contains("2 of 12 weeks completed.", html);
        Assert.Contains("/lib/chart.js/chart.umd.min.js", html);
    }

    [Fact]
    public async Task MyData_DownloadsEverythingAsJsonAndCsv_AndNamesTheTherapist()
    {
        var patient = await PatientInWeekAsync("my-data@example.org", week: 3);

        var page = await patient.GetStringAsync("/patient/my-data");
        var json = await patient.GetStringAsync("/patient/my-data/cbtprogram-my-data.json");
        var zip = new ZipArchive(new MemoryStream(await patient.GetByteArrayAsync("/patient/my-data/cbtprogram-my-data-csv.zip")));

        Assert.Contains("Dr Robin Taylor is your therapist", page);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("my-data@example.org", document.RootElement.GetProperty("you").GetProperty("email").GetString());
        Assert.True(document.RootElement.GetProperty("diary").GetArrayLength() > 10);
        Assert.True(document.RootElement.GetProperty("questionnaires").GetArrayLength() >= 5);
        Assert.Equal(["diary.csv", "messages.csv", "modules.csv", "questionnaires.csv", "worksheets.csv"], zip.Entries.Select(e => e.Name).Order());
        using var diary = new StreamReader(zip.GetEntry("diary.csv")!.Open());
        Assert.StartsWith("date,headache,peak_intensity", await diary.ReadLineAsync());
    }

    [Fact]
    public async Task ThePatientHome_ShowsThisWeekTheNextSessionTodaysDiaryAndThe12Weeks()
    {
        var patient = await PatientInWeekAsync("home-page@example.org", week: 3);

        var html = await patient.GetStringAsync("/patient");

        Assert.Contains("Week 3 of 12", html);
        Assert.Contains("days left", html);
        Assert.Contains("Next session opens", html);
        Assert.Contains("Fill in today's diary", html);
        Assert.Contains("2 of 12 weeks completed", html);
    }

    [Fact]
    public async Task InWeek6_TheHalfwayQuestionnairesAreDue_AndAPhq9GivenThereCountsForTheCheckIn()
    {
        var patient = await PatientInWeekAsync("halfway@example.org", week: 6);

        var home = await patient.GetStringAsync("/patient");
        var first = await patient.GetStringAsync("/patient/assessments/mid");
        await patient.PostFormAsync("/patient", "/patient/assessments/mid/phq-9", Phq9());
        var checkIn = await patient.GetStringAsync("/patient/modules/6/steps/check-in");

        Assert.Contains("Your halfway questionnaires", home);
        Assert.Contains("Questionnaire 1 of 3", first);
        Assert.DoesNotContain("This week's check-in: PHQ-9", checkIn);
        Assert.Contains("GAD-7", await patient.GetStringAsync("/patient/assessments/mid"));
    }

    [Fact]
    public async Task BeforeWeek6_TheHalfwayQuestionnairesCannotBeOpened()
    {
        var patient = await PatientInWeekAsync("too-early@example.org", week: 2);

        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync("/patient/assessments/mid")).StatusCode);
    }

    [Fact]
    public async Task ANotice_ShowsOnTheHomePage_AndOpeningItMarksItReadAndFollowsItsLink()
    {
        var patient = await PatientInWeekAsync("notice@example.org", week: 2);
        Guid noticeId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var userId = await db.Users.Where(u => u.Email == "notice@example.org").Select(u => u.Id).SingleAsync();
            var notice = new Web.Notifications.Notice("test:notice", userId, "Week 2 is ready", "/patient/modules/2", DateTimeOffset.UtcNow);
            db.Notices.Add(notice);
            await db.SaveChangesAsync();
            noticeId = notice.Id;
        }

        var home = await patient.GetStringAsync("/patient");
        var opened = await patient.PostFormAsync("/patient", $"/patient/notices/{noticeId}", []);
        var after = await patient.GetStringAsync("/patient");

        Assert.Contains("Week 2 is ready", home);
        Assert.Equal("/patient/modules/2", opened.Headers.Location!.OriginalString);
        Assert.DoesNotContain("Week 2 is ready", after);
    }

    [Fact]
    public async Task TheHomePage_ShowsTheThreeLatestUnreadNotices_NewestFirst()
    {
        var patient = await PatientInWeekAsync("notices@example.org", week: 2);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var userId = await db.Users.Where(u => u.Email == "notices@example.org").Select(u => u.Id).SingleAsync();
            var later = DateTimeOffset.UtcNow.AddDays(1); // after any notice the program itself has given
            var notices = Enumerable.Range(1, 5)
                .Select(n => new Web.Notifications.Notice($"test:notice-{n}", userId, $"Test notice number {n}", "/patient", later.AddHours(n))).ToList();
            notices[4].MarkRead(later.AddHours(6)); // the newest is read already
            db.Notices.AddRange(notices.OrderBy(_ => Guid.NewGuid())); // stored in no particular order
            await db.SaveChangesAsync();
        }

        var home = await patient.GetStringAsync("/patient");

        var shown = System.Text.RegularExpressions.Regex.Matches(home, "Test notice number (\\d)").Select(m => m.Groups[1].Value);
        Assert.Equal(["4", "3", "2"], shown);
    }

    [Fact]
    public async Task CalendarFeed_ListsThe12SessionsAndTheFollowUp_AndARevokedLinkStopsWorking()
    {
        var patient = await PatientInWeekAsync("calendar@example.org", week: 2);
        await patient.PostFormAsync("/patient/my-data", "/patient/my-data/calendar", []); // the patient asks for a link
        var page = await patient.GetStringAsync("/patient/my-data");
        var link = System.Text.RegularExpressions.Regex.Match(page, @"/calendar/[A-Za-z0-9_-]+\.ics").Value;
        var anonymous = site.CreateBrowserLikeClient();

        var feed = await anonymous.GetAsync(link);
        var ics = await feed.Content.ReadAsStringAsync();
        await patient.PostFormAsync("/patient/my-data", "/patient/my-data/calendar", []);
        var old = await anonymous.GetAsync(link);

        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics);
        Assert.Equal(13, System.Text.RegularExpressions.Regex.Count(ics, "BEGIN:VEVENT"));
        Assert.Contains("SUMMARY:CbtProgram session, week 12", ics);
        Assert.Contains("SUMMARY:CbtProgram follow-up", ics);
        Assert.Matches(@"DTSTART:\d{8}T\d{6}Z", ics);
        Assert.DoesNotContain("headache", ics, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendar/not-a-token.ics")).StatusCode);
    }

    [Theory]
    [InlineData("/patient/modules/1")]
    [InlineData("/patient/diary")]
    [InlineData("/patient/progress")]
    [InlineData("/patient/my-data/cbtprogram-my-data.json")]
    public async Task PatientPages_ForTherapists_AreForbidden(string path)
    {
        var therapist = await site.SignedInAsAsync("therapist@example.org");

        Assert.Equal(HttpStatusCode.Forbidden, (await therapist.GetAsync(path)).StatusCode);
    }

    private async Task<Web.Curriculum.Definitions.ModuleDefinition> PinnedModuleAsync(string email, int week)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await (from m in db.PatientModules
                      join v in db.ModuleVersions on m.ModuleVersionId equals v.Id
                      where m.Week == week && db.Patients.Any(p => p.Id == m.PatientId && db.Users.Any(u => u.Id == p.UserId && u.Email == email))
                      select v.Content).SingleAsync();
    }
}
