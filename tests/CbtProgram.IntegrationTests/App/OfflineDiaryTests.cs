using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.App;

/// <summary>
/// Diary entries written offline and sent later: saved once whatever the resends, never over a newer save of the same
/// day without the patient's say, refused with the diary's own messages when the answers or the day are wrong.
/// </summary>
public sealed class OfflineDiaryTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); // the demo journey's zone

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, London).DateTime);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Answer(string Status, long? Version, Dictionary<string, string>? Problems);

    private async Task<(HttpClient Client, Guid PatientId)> PatientAsync(string email)
    {
        var patient = await site.CreatePatientInWeekAsync(email, email.Split('@')[0], week: 2);
        await WithDbAsync(db => db.DiaryEntries.Where(e => e.PatientId == patient.Id).ExecuteDeleteAsync());
        return (await site.SignedInAsAsync(email, TestPeople.Password), patient.Id);
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<List<DiaryEntry>> EntriesAsync(Guid patientId) =>
        WithDbAsync(db => db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync());

    /// <summary>Sends an entry the way device-store.js does: a fresh token, the answers, the key and the day's version it was written over.</summary>
    private static async Task<(HttpStatusCode Status, Answer Answer)> SendAsync(HttpClient client, DateOnly day, Guid key, long? baseVersion,
        string mood = "6", string note = "Written on the bus", bool replace = false)
    {
        var token = (await client.GetFromJsonAsync<Dictionary<string, string>>("/patient/diary/offline/token"))!["token"];
        var fields = new Dictionary<string, string>
        {
            ["HadHeadache"] = "true", ["PeakIntensity"] = "5", ["HeadacheHours"] = "3", ["Mood"] = mood, ["SleepHours"] = "7",
            ["Note"] = note, ["SubmissionKey"] = key.ToString(), ["BaseVersion"] = baseVersion?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["__RequestVerificationToken"] = token,
        };
        if (replace)
            fields["Replace"] = "true";
        var response = await client.PostAsync($"/patient/diary/{Day(day)}/offline", new FormUrlEncodedContent(fields));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<Answer>())!);
    }

    [Fact]
    public async Task Send_ThenTheSameEntryAgainAfterALostAnswer_SavesItOnce_AndTheResendChangesNothing()
    {
        var (patient, patientId) = await PatientAsync("offline-once@example.org");
        var key = Guid.NewGuid();

        var first = await SendAsync(patient, Today, key, baseVersion: null);
        var saved = Assert.Single(await EntriesAsync(patientId));
        var again = await SendAsync(patient, Today, key, baseVersion: null);

        Assert.Equal((HttpStatusCode.OK, "saved"), (first.Status, first.Answer.Status));
        Assert.Equal((HttpStatusCode.OK, "already-saved"), (again.Status, again.Answer.Status));
        var entry = Assert.Single(await EntriesAsync(patientId));
        Assert.Equal((saved.Id, saved.UpdatedAt, key, "Written on the bus"), (entry.Id, entry.UpdatedAt, entry.SubmissionKey, entry.Note));
        Assert.Equal(entry.Version, again.Answer.Version);
    }

    [Fact]
    public async Task TheSameEntrySentTwiceAtOnce_IsSavedOnce_AndTheOtherSendIsToldItIsAlreadySaved()
    {
        var (patient, patientId) = await PatientAsync("offline-twice@example.org");
        var key = Guid.NewGuid();

        var both = await Task.WhenAll(SendAsync(patient, Today, key, baseVersion: null), SendAsync(patient, Today, key, baseVersion: null));

        Assert.Equal(["already-saved", "saved"], both.Select(b => b.Answer.Status).Order());
        Assert.Equal(key, Assert.Single(await EntriesAsync(patientId)).SubmissionKey);
    }

    [Fact]
    public async Task Send_OverADaySavedSinceTheDeviceLastSawIt_AsksFirst_AndReplacesOnlyWhenThePatientSaysSo()
    {
        var (patient, patientId) = await PatientAsync("offline-newer@example.org");
        var path = $"/patient/diary/{Day(Today)}";
        await patient.PostFormAsync(path, path, [new("HadHeadache", "false"), new("Mood", "8"), new("Note", "Saved on the laptop")]);

        var stale = await SendAsync(patient, Today, Guid.NewGuid(), baseVersion: null, note: "Written on the phone");

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (stale.Status, stale.Answer.Status));
        var kept = Assert.Single(await EntriesAsync(patientId));
        Assert.Equal(("Saved on the laptop", 8), (kept.Note, kept.Mood));
        Assert.Equal(kept.Version, stale.Answer.Version);

        var chosen = await SendAsync(patient, Today, Guid.NewGuid(), baseVersion: null, note: "Written on the phone", replace: true);

        Assert.Equal("saved", chosen.Answer.Status);
        Assert.Equal("Written on the phone", Assert.Single(await EntriesAsync(patientId)).Note);
    }

    [Fact]
    public async Task Send_OverTheVersionTheDeviceSaw_UpdatesTheDay()
    {
        var (patient, patientId) = await PatientAsync("offline-update@example.org");
        var first = await SendAsync(patient, Today.AddDays(-1), Guid.NewGuid(), baseVersion: null, note: "First thoughts");

        var second = await SendAsync(patient, Today.AddDays(-1), Guid.NewGuid(), baseVersion: first.Answer.Version, note: "Second thoughts");

        Assert.Equal("saved", second.Answer.Status);
        Assert.Equal("Second thoughts", Assert.Single(await EntriesAsync(patientId)).Note);
    }

    [Fact]
    public async Task Send_BreakingTheDiaryRules_ReturnsTheDiarysOwnMessages_AndSavesNothing()
    {
        var (patient, patientId) = await PatientAsync("offline-rules@example.org");

        var tooOld = await SendAsync(patient, Today.AddDays(-8), Guid.NewGuid(), baseVersion: null);
        var future = await SendAsync(patient, Today.AddDays(1), Guid.NewGuid(), baseVersion: null);
        var noMood = await SendAsync(patient, Today, Guid.NewGuid(), baseVersion: null, mood: "");
        var moodTooHigh = await SendAsync(patient, Today, Guid.NewGuid(), baseVersion: null, mood: "11");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooOld.Status);
        Assert.Equal("Diary days can be added or changed for the last 7 days only.", tooOld.Answer.Problems!["Date"]);
        Assert.Equal("You cannot fill in the diary for a day that has not happened yet.", future.Answer.Problems!["Date"]);
        Assert.Equal("Choose your mood from 0 to 10.", noMood.Answer.Problems!["Mood"]);
        Assert.Equal("Choose your mood from 0 to 10.", moodTooHigh.Answer.Problems!["Mood"]);
        Assert.Empty(await EntriesAsync(patientId));
    }

    [Fact]
    public async Task Send_WithoutAToken_IsRefused_AndSavesNothing()
    {
        var (patient, patientId) = await PatientAsync("offline-token@example.org");

        var response = await patient.PostAsync($"/patient/diary/{Day(Today)}/offline", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Mood"] = "5", ["SubmissionKey"] = Guid.NewGuid().ToString(),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await EntriesAsync(patientId));
    }

    [Fact]
    public async Task KeptForm_HasNoSavedAnswers_AndIsNeverStoredByTheBrowsersCache()
    {
        var (patient, _) = await PatientAsync("offline-form@example.org");
        var path = $"/patient/diary/{Day(Today)}";
        await patient.PostFormAsync(path, path, [new("HadHeadache", "false"), new("Mood", "8"), new("Note", "A private thought")]);

        var form = await patient.GetAsync("/patient/diary/offline");
        var html = await form.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.True(form.Headers.CacheControl?.NoStore);
        Assert.Contains("data-offline-shell", html);
        Assert.DoesNotContain("A private thought", html);
        Assert.DoesNotContain("selected=\"selected\"", html);
    }
}
