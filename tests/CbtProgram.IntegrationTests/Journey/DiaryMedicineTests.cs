using System.Globalization;
using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>
/// The diary's medicine kinds and doses, relaxation minutes, aura, period and note, through the form: saved when
/// right, refused with a specific message (and nothing changed) when not; and last week's diary at the weekly check-in.
/// </summary>
public sealed class DiaryMedicineTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); // the demo journey's zone

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, London).DateTime);

    private static string Path(DateOnly day) => $"/patient/diary/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private async Task<(HttpClient Client, Guid PatientId)> PatientInWeekAsync(string email, int week, bool emptyDiary = true)
    {
        var patient = await site.CreatePatientInWeekAsync(email, email.Split('@')[0], week);
        if (emptyDiary)
            await WithDbAsync(db => db.DiaryEntries.Where(e => e.PatientId == patient.Id).ExecuteDeleteAsync());
        return (await site.SignedInAsAsync(email, TestPeople.Password), patient.Id);
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<DiaryEntry?> EntryAsync(Guid patientId, DateOnly day) =>
        WithDbAsync(db => db.DiaryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.PatientId == patientId && e.Date == day));

    private static List<KeyValuePair<string, string>> TriptanDay(params (string Key, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["HadHeadache"] = "true", ["PeakIntensity"] = "6", ["HeadacheHours"] = "4", ["TookAcuteMedication"] = "true",
            ["Medication"] = "Sumatriptan", ["MedicineKinds"] = "Triptan", ["MedicineDoses"] = "1", ["Mood"] = "5", ["SleepHours"] = "7",
        };
        foreach (var (key, value) in changes)
            fields[key] = value;
        return [.. fields];
    }

    [Fact]
    public async Task Diary_MedicineDay_SavesKindsDosesMinutesAuraPeriodAndNote_AndShowsThemAgain()
    {
        var (patient, patientId) = await PatientInWeekAsync("diary-kinds@example.org", week: 1);
        var today = Path(Today);

        var saved = await patient.PostFormAsync(today, today,
        [
            new("HadHeadache", "true"), new("PeakIntensity", "7"), new("HeadacheHours", "5"), new("TookAcuteMedication", "true"),
            new("Medication", "Sumatriptan, then ibuprofen"), new("MedicineKinds", "Triptan"), new("MedicineKinds", "SimplePainkiller"),
            new("MedicineDoses", "3"), new("Mood", "4"), new("SleepHours", "6"), new("RelaxationMinutes", "20"), new("Aura", "true"),
            new("MenstrualDay", ""), new("Note", "Busy day at work; the breathing helped a little."),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var entry = await EntryAsync(patientId, Today);
        Assert.NotNull(entry);
        Assert.Equal(AcuteMedicineKinds.Triptan | AcuteMedicineKinds.SimplePainkiller, entry.MedicineKinds);
        Assert.Equal(3, entry.MedicineDoses);
        Assert.Equal("Sumatriptan, then ibuprofen", entry.Medication);
        Assert.Equal(20, entry.RelaxationMinutes);
        Assert.True(entry.Aura);
        Assert.Null(entry.MenstrualDay); // "prefer not to say" is not an answer
        Assert.Equal("Busy day at work; the breathing helped a little.", entry.Note);
        var page = await patient.GetStringAsync(today);
        Assert.Contains("value=\"Triptan\" id=\"kind-Triptan\" checked=\"checked\"", page);
        Assert.Contains("value=\"SimplePainkiller\" id=\"kind-SimplePainkiller\" checked=\"checked\"", page);
        Assert.DoesNotContain("value=\"Opioid\" id=\"kind-Opioid\" checked", page);
        Assert.Contains("id=\"period-skip\" checked=\"checked\"", page);
        Assert.Contains("Busy day at work; the breathing helped a little.</textarea>", page);
    }

    [Fact]
    public async Task Diary_NoMedicine_ClearsKindsAndDoses_AndAnOptionalNoAnswerIsNull()
    {
        var (patient, patientId) = await PatientInWeekAsync("diary-clears@example.org", week: 1);
        var today = Path(Today);
        await patient.PostFormAsync(today, today, TriptanDay(("MenstrualDay", "false")));

        await patient.PostFormAsync(today, today, [new("HadHeadache", "false"), new("Mood", "7"), new("MedicineKinds", "Triptan"), new("MedicineDoses", "2"), new("MenstrualDay", "true")]);

        var entry = await EntryAsync(patientId, Today);
        Assert.NotNull(entry);
        Assert.False(entry.TookAcuteMedication);
        Assert.Equal(AcuteMedicineKinds.None, entry.MedicineKinds);
        Assert.Null(entry.MedicineDoses);
        Assert.True(entry.MenstrualDay);
        Assert.Null(entry.Aura);
        Assert.Null(entry.RelaxationMinutes);
    }

    [Fact]
    public async Task Diary_CorrectingADay_RewritesEveryAnswer_InTheSameRow()
    {
        var (patient, patientId) = await PatientInWeekAsync("diary-correct@example.org", week: 1);
        var today = Path(Today);
        await patient.PostFormAsync(today, today, TriptanDay(("RelaxationMinutes", "20"), ("Aura", "true"), ("MenstrualDay", "false"), ("Note", "First go.")));
        var first = await EntryAsync(patientId, Today);
        Assert.NotNull(first);

        var corrected = await patient.PostFormAsync(today, today, TriptanDay(
            ("PeakIntensity", "3"), ("HeadacheHours", "1.5"), ("Medication", "Paracetamol"), ("MedicineKinds", "SimplePainkiller"),
            ("MedicineDoses", "2"), ("Triggers", "Skipped lunch"), ("Mood", "8"), ("SleepHours", "8.5"), ("RelaxationMinutes", "35"),
            ("Aura", "false"), ("MenstrualDay", "true"), ("Note", "Second go.")));

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var rows = await WithDbAsync(db => db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync());
        var entry = Assert.Single(rows);
        Assert.Equal(first.Id, entry.Id);
        Assert.Equal((Today, true, 3, 1.5m), (entry.Date, entry.HadHeadache, entry.PeakIntensity, entry.HeadacheHours));
        Assert.Equal((true, "Paracetamol", AcuteMedicineKinds.SimplePainkiller, 2), (entry.TookAcuteMedication, entry.Medication, entry.MedicineKinds, entry.MedicineDoses));
        Assert.Equal(("Skipped lunch", 8, 8.5m, 35), (entry.Triggers, entry.Mood, entry.SleepHours, entry.RelaxationMinutes));
        Assert.Equal((false, true, "Second go."), (entry.Aura, entry.MenstrualDay, entry.Note));
        Assert.True(entry.UpdatedAt >= first.UpdatedAt);
        Assert.Null(entry.SubmissionKey);
    }

    [Theory]
    [InlineData("MedicineKinds", "", "Tick the kind of medicine you took. If you're not sure, tick \"Something else, or I'm not sure\".")]
    [InlineData("MedicineKinds", "Aspirin", "Choose the kind of medicine from the list.")]
    [InlineData("MedicineDoses", "", "Write how many tablets or doses you took that day, as a whole number from 1 to 30.")]
    [InlineData("MedicineDoses", "0", "Write how many tablets or doses you took that day, as a whole number from 1 to 30.")]
    [InlineData("MedicineDoses", "31", "Write how many tablets or doses you took that day, as a whole number from 1 to 30.")]
    [InlineData("MedicineDoses", "two", "Write how many tablets or doses you took as a whole number, like 2.")]
    [InlineData("MedicineDoses", "1.5", "Write how many tablets or doses you took as a whole number, like 2.")]
    [InlineData("RelaxationMinutes", "301", "Minutes of relaxation practice must be a whole number from 0 to 300.")]
    [InlineData("RelaxationMinutes", "-5", "Minutes of relaxation practice must be a whole number from 0 to 300.")]
    [InlineData("RelaxationMinutes", "ten", "Write your minutes of relaxation practice as a whole number, like 15.")]
    [InlineData("Aura", "maybe", "Choose one of the answers.")]
    [InlineData("MenstrualDay", "sometimes", "Choose one of the answers.")]
    [InlineData("Note", "501", "Please keep your note under 500 characters.")]
    public async Task Diary_BadInput_GetsItsOwnMessage_AndChangesNothing(string field, string value, string message)
    {
        var email = $"diary-bad-{field.ToLowerInvariant()}-{string.Concat(value.Select(c => ((int)c).ToString("x", CultureInfo.InvariantCulture)))}@example.org";
        var (patient, patientId) = await PatientInWeekAsync(email, week: 1);
        var today = Path(Today);
        await patient.PostFormAsync(today, today, TriptanDay(("Note", "First version"), ("RelaxationMinutes", "10")));
        var before = await EntryAsync(patientId, Today);

        var posted = await patient.PostFormAsync(today, today, TriptanDay(
            (field, field == "Note" ? new string('x', int.Parse(value, CultureInfo.InvariantCulture)) : value), ("Mood", "2"), ("Medication", "Changed")));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode); // the form again, not a redirect
        var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        Assert.Contains(message, html);
        Assert.DoesNotContain("Saved your diary", html);
        var after = await EntryAsync(patientId, Today);
        Assert.NotNull(after);
        Assert.Equal((before!.Mood, before.Medication, before.Note, before.UpdatedAt), (after.Mood, after.Medication, after.Note, after.UpdatedAt));
    }

    [Fact]
    public async Task CheckIn_ShowsLastWeeksDiarySummary()
    {
        var (patient, patientId) = await PatientInWeekAsync("checkin-summary@example.org", week: 2);
        await WithDbAsync(async db =>
        {
            void Add(int daysBack, DiaryDay day)
            {
                var entry = new DiaryEntry(patientId, Today.AddDays(-daysBack));
                entry.Record(day, DateTimeOffset.UtcNow);
                db.DiaryEntries.Add(entry);
            }
            Add(1, new DiaryDay(true, 6, 3, true, "Sumatriptan", null, 4, 7) { MedicineKinds = AcuteMedicineKinds.Triptan, MedicineDoses = 1, RelaxationMinutes = 15 });
            Add(2, new DiaryDay(true, 3, 1, false, null, null, 6, 7) { RelaxationMinutes = 20 });
            Add(5, new DiaryDay(false, null, null, false, null, null, 7, 8) { RelaxationMinutes = 10 });
            Add(0, new DiaryDay(true, 9, 9, true, "Ibuprofen", null, 1, 5) { MedicineKinds = AcuteMedicineKinds.SimplePainkiller, MedicineDoses = 2, RelaxationMinutes = 100 }); // today: not last week
            Add(9, new DiaryDay(true, 9, 9, true, "Ibuprofen", null, 1, 5) { MedicineKinds = AcuteMedicineKinds.SimplePainkiller, MedicineDoses = 2 }); // the week before
            return await db.SaveChangesAsync();
        });

        var html = WebUtility.HtmlDecode(await patient.GetStringAsync("/patient/modules/2/steps/check-in"));

        Assert.Contains("Your diary for the last 7 days", html);
        Assert.Contains("<dt>Days filled in</dt><dd>3 of 7</dd>", html);
        Assert.Contains("<dt>Days with a headache</dt><dd>2</dd>", html);
        Assert.Contains("<dt>Average headache at its worst</dt><dd>4.5 out of 10</dd>", html);
        Assert.Contains("<dt>Days with headache medicine</dt><dd>1</dd>", html);
        Assert.Contains("<dt>Average mood</dt><dd>5.7 out of 10</dd>", html);
        Assert.Contains("<dt>Relaxation practice</dt><dd>45 minutes in all</dd>", html);
        Assert.True(html.IndexOf("Your diary for the last 7 days", StringComparison.Ordinal) < html.IndexOf("This week's check-in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckIn_WithNothingRecordedLastWeek_SaysSoKindly()
    {
        var (patient, _) = await PatientInWeekAsync("checkin-empty@example.org", week: 2);

        var html = WebUtility.HtmlDecode(await patient.GetStringAsync("/patient/modules/2/steps/check-in"));

        Assert.Contains("There's nothing in your diary for these days yet, and that's fine.", html);
        Assert.DoesNotContain("Days filled in", html);
    }
}
