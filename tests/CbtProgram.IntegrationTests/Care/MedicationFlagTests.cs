using System.Globalization;
using System.Net;
using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Care;

/// <summary>
/// The medication-overuse flag from the diary: the ICHD-3 day counts on the caseload and the record, a gentle word for
/// the patient, and the therapist told once per episode (not again until it has cleared and come back), however many
/// saves, and however many at once.
/// </summary>
public sealed class MedicationFlagTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); // the demo journey's zone
    private const string Prompt = "For some people, taking headache medicine this often can make headaches come more often.";

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, London).DateTime);

    private static string Path(int daysBack) => $"/patient/diary/{Today.AddDays(-daysBack).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>A patient in week 2 whose diary holds only the given days (medicine of the given kind, on days this many days back).</summary>
    private async Task<(HttpClient Client, Guid PatientId)> PatientWithDiaryAsync(string email, AcuteMedicineKinds kinds, IEnumerable<int> medicineDaysBack, IEnumerable<int>? freeDaysBack = null)
    {
        var patient = await site.CreatePatientInWeekAsync(email, email.Split('@')[0], 2);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.DiaryEntries.Where(e => e.PatientId == patient.Id).ExecuteDeleteAsync();
            foreach (var back in medicineDaysBack)
                Add(db, patient.Id, back, new DiaryDay(true, 6, 4, true, "Tablets", null, 5, 7) { MedicineKinds = kinds, MedicineDoses = 1 });
            foreach (var back in freeDaysBack ?? [])
                Add(db, patient.Id, back, new DiaryDay(false, null, null, false, null, null, 6, 7));
            await db.SaveChangesAsync();
        }
        return (await site.SignedInAsAsync(email, TestPeople.Password), patient.Id);
    }

    private static void Add(AppDbContext db, Guid patientId, int daysBack, DiaryDay day)
    {
        var entry = new DiaryEntry(patientId, Today.AddDays(-daysBack));
        entry.Record(day, DateTimeOffset.UtcNow);
        db.DiaryEntries.Add(entry);
    }

    private static List<KeyValuePair<string, string>> TriptanDay() =>
    [
        new("HadHeadache", "true"), new("PeakIntensity", "6"), new("HeadacheHours", "4"), new("TookAcuteMedication", "true"),
        new("Medication", "Sumatriptan"), new("MedicineKinds", "Triptan"), new("MedicineDoses", "1"), new("Mood", "5"),
    ];

    private static List<KeyValuePair<string, string>> MedicineFreeDay() => [new("HadHeadache", "false"), new("Mood", "6")];

    private static async Task SaveAsync(HttpClient patient, int daysBack, List<KeyValuePair<string, string>> day)
    {
        var saved = await patient.PostFormAsync(Path(daysBack), Path(daysBack), day);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    private async Task<List<OutboxMessage>> TherapistEmailsAsync(Guid patientId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Key.StartsWith($"medication-flag:{patientId}:")).OrderBy(m => m.CreatedAt).ToListAsync();
    }

    private async Task<CaseloadRow> CaseloadRowAsync(Guid patientId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var therapistId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == "therapist@example.org").Select(u => u.Id).SingleAsync();
        var rows = await scope.ServiceProvider.GetRequiredService<Caseload>().ForTherapistAsync(therapistId);
        return rows.Single(r => r.PatientId == patientId);
    }

    [Fact]
    public async Task TheTenthTriptanDay_RaisesTheFlag_AndTellsTheTherapistOnce_AcrossRepeatedSaves_AndAgainOnlyAfterItCleared()
    {
        // 9 triptan days a few weeks back, out of reach of the form (only the last 7 days can be changed).
        var (patient, patientId) = await PatientWithDiaryAsync("flag-once@example.org", AcuteMedicineKinds.Triptan, Enumerable.Range(19, 9));
        Assert.DoesNotContain(CaseFlagKind.MedicationOveruse, (await CaseloadRowAsync(patientId)).Flags);

        await SaveAsync(patient, 0, TriptanDay()); // the 10th triptan day
        var first = Assert.Single(await TherapistEmailsAsync(patientId));
        await SaveAsync(patient, 0, TriptanDay());
        await SaveAsync(patient, 1, TriptanDay()); // an 11th
        await SaveAsync(patient, 2, MedicineFreeDay());

        var emails = await TherapistEmailsAsync(patientId);
        Assert.Equal(first.Id, Assert.Single(emails).Id);
        Assert.Equal("therapist@example.org", first.To);
        Assert.Contains($"/therapist/patients/{patientId}", first.Body);
        Assert.Contains("a new medication flag", first.Body);
        foreach (var detail in new[] { "flag-once", "triptan", "medicine", "diary day" })
            Assert.DoesNotContain(detail, first.Subject + first.Body, StringComparison.OrdinalIgnoreCase);
        var row = await CaseloadRowAsync(patientId);
        Assert.Contains(CaseFlagKind.MedicationOveruse, row.Flags);
        Assert.Equal((11, 12), (row.Medication!.MedicineDays, row.Medication.RecordedDays));
        var diaryPage = WebUtility.HtmlDecode(await patient.GetStringAsync(Path(0)));
        Assert.Contains("You took headache medicine on 11 of the 12 days you filled in over the last 28 days.", diaryPage);
        Assert.Contains(Prompt, diaryPage);
        Assert.Contains("Please don't stop or change any medicine before you have talked to your doctor.", diaryPage);

        // Back under the threshold: the flag clears, quietly.
        await SaveAsync(patient, 0, MedicineFreeDay());
        await SaveAsync(patient, 1, MedicineFreeDay());
        Assert.DoesNotContain(CaseFlagKind.MedicationOveruse, (await CaseloadRowAsync(patientId)).Flags);
        Assert.DoesNotContain(Prompt, WebUtility.HtmlDecode(await patient.GetStringAsync(Path(0))));
        Assert.Single(await TherapistEmailsAsync(patientId));

        // And back over it: a new episode, told once more.
        await SaveAsync(patient, 0, TriptanDay());
        await SaveAsync(patient, 0, TriptanDay());
        emails = await TherapistEmailsAsync(patientId);
        Assert.Equal(2, emails.Count);
        Assert.Equal([$"medication-flag:{patientId}:1:therapist:email", $"medication-flag:{patientId}:2:therapist:email"], emails.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task SavesAtTheSameMoment_ThatEachRaiseTheFlag_TellTheTherapistOnce()
    {
        var (patient, patientId) = await PatientWithDiaryAsync("flag-race@example.org", AcuteMedicineKinds.Opioid, Enumerable.Range(19, 9));
        var token = await patient.AntiforgeryTokenAsync(Path(0));

        // Each of these saves finds 10 or more opioid days with the flag still down, as the request began.
        var saves = Enumerable.Range(0, 6).Select(back => patient.PostAsync(Path(back),
            new FormUrlEncodedContent(TriptanDay().Select(f => f.Key == "MedicineKinds" ? new(f.Key, "Opioid") : f)
                .Append(new("__RequestVerificationToken", token)))));
        var responses = await Task.WhenAll(saves);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(await TherapistEmailsAsync(patientId));
        await using var scope = site.Services.CreateAsyncScope();
        var flagged = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Patients.AsNoTracking().SingleAsync(p => p.Id == patientId);
        Assert.Equal(1, flagged.MedicationFlagsRaised);
        Assert.NotNull(flagged.MedicationFlagRaisedAt);
    }

    [Fact]
    public async Task SimplePainkillers_On14Days_DoNotFlag_On15Days_Do()
    {
        // The old rule flagged any medicine on 10 days; simple painkillers alone now take 15.
        var (patient, patientId) = await PatientWithDiaryAsync("flag-simple@example.org", AcuteMedicineKinds.SimplePainkiller, Enumerable.Range(8, 13), freeDaysBack: [21, 22]);
        var ibuprofen = TriptanDay().Select(f => f.Key switch
        {
            "MedicineKinds" => new KeyValuePair<string, string>(f.Key, "SimplePainkiller"),
            "Medication" => new(f.Key, "Ibuprofen"),
            _ => f,
        }).ToList();

        await SaveAsync(patient, 0, ibuprofen); // 14
        var at14 = await CaseloadRowAsync(patientId);
        await SaveAsync(patient, 1, ibuprofen); // 15
        var at15 = await CaseloadRowAsync(patientId);

        Assert.DoesNotContain(CaseFlagKind.MedicationOveruse, at14.Flags);
        Assert.Equal((14, 16), (at14.Medication!.MedicineDays, at14.Medication.RecordedDays));
        Assert.Contains(CaseFlagKind.MedicationOveruse, at15.Flags);
        Assert.Equal(MedicationOveruseReasons.SimplePainkillers, at15.Medication!.Reasons);
        Assert.Single(await TherapistEmailsAsync(patientId));
    }

    [Fact]
    public async Task OldEntriesWithoutAKind_StillFlagAt10Days_AndTheRecordAndProgressSayHowManyDaysWereRecorded()
    {
        // Entries from before kinds were asked: the kind is unknown, so they count toward the 10-day threshold. The day
        // 28 days back is the first outside the window.
        var (patient, patientId) = await PatientWithDiaryAsync("flag-unknown@example.org", AcuteMedicineKinds.None, Enumerable.Range(1, 10).Append(28), freeDaysBack: [11, 12, 13]);

        var row = await CaseloadRowAsync(patientId);
        var therapist = await site.SignedInAsAsync("therapist@example.org");
        var record = WebUtility.HtmlDecode(await therapist.GetStringAsync($"/therapist/patients/{patientId}"));
        var caseload = WebUtility.HtmlDecode(await therapist.GetStringAsync("/therapist?filter=MedicationOveruse"));
        var progress = WebUtility.HtmlDecode(await patient.GetStringAsync("/patient/progress"));

        Assert.Contains(CaseFlagKind.MedicationOveruse, row.Flags);
        Assert.Equal(MedicationOveruseReasons.TenDayKinds, row.Medication!.Reasons);
        Assert.Contains("Medicine on 10 of 13 days", caseload);
        Assert.Contains("Medication-overuse flag: acute medicine on 10 of 13 days recorded", System.Text.RegularExpressions.Regex.Replace(record, @"\s+", " "));
        Assert.Contains("You took headache medicine on 10 of the 13 days you filled in over the last 28 days.", progress);
        Assert.Contains(Prompt, progress);
        Assert.Empty(await TherapistEmailsAsync(patientId)); // told at the next save, not by a page view
    }
}
