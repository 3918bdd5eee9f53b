using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.CaseloadSummary;

/// <summary>
/// The diary days PostgreSQL packs into a patient's summary read back, with <see cref="SummaryDiaryDays.Read"/>, as the
/// diary entries themselves: every flag and medicine kind, the first day of the record kept and the day before it left
/// out, and a day after the patient's today (their zone changed since) kept too.
/// </summary>
public sealed class SummaryDiaryDaysTests : IAsyncLifetime
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new CbtWebApplicationFactory().WithClock(Clock).WithSetting("Jobs:RunServer", "false");

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task TheStoredDiaryDays_ReadBackAsTheEntries()
    {
        var patient = await _site.CreatePatientAsync("packed-diary@example.org", "Packed Diary");
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var days = new (int Offset, bool Headache, AcuteMedicineKinds Kinds)[]
        {
            (-35, true, AcuteMedicineKinds.Triptan), // the day before the record's first day
            (-34, false, AcuteMedicineKinds.None),
            (-20, true, AcuteMedicineKinds.None),
            (-10, true, AcuteMedicineKinds.Triptan | AcuteMedicineKinds.Opioid),
            (-3, false, AcuteMedicineKinds.SimplePainkiller | AcuteMedicineKinds.CombinationPainkiller | AcuteMedicineKinds.Other),
            (0, true, AcuteMedicineKinds.SimplePainkiller),
            (1, false, AcuteMedicineKinds.None),
        };
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var (offset, headache, kinds) in days)
            {
                var entry = new DiaryEntry(patient.Id, today.AddDays(offset));
                entry.Record(new DiaryDay(headache, headache ? 5 : null, headache ? 2 : null, kinds != AcuteMedicineKinds.None,
                    kinds != AcuteMedicineKinds.None ? "Tablets" : null, null, 6, 7) { MedicineKinds = kinds }, Clock.GetUtcNow());
                db.DiaryEntries.Add(entry);
            }
            await db.SaveChangesAsync(); // the summary is refreshed in the same transaction
        }

        await using var read = _site.Services.CreateAsyncScope();
        var summary = await read.ServiceProvider.GetRequiredService<AppDbContext>().Set<PatientSummary>().AsNoTracking().SingleAsync(s => s.PatientId == patient.Id);

        Assert.Equal(today.AddDays(-34), summary.DiaryFrom);
        var expected = days.Skip(1).Select(d => new SummaryDiaryDay(today.AddDays(d.Offset), d.Headache, d.Kinds != AcuteMedicineKinds.None, d.Kinds)).ToList();
        Assert.Equal(expected, SummaryDiaryDays.Read(summary.DiaryFrom, summary.DiaryDays).ToList());
    }
}
