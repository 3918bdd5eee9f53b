using CbtProgram.Web.Care;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// The patient's daily diary: one entry a day, the last 7 days open to add or correct, never a future day. Each save
/// re-applies the medication-overuse rule to the last 28 days and keeps the flag (and the therapist) up to date.
/// </summary>
public sealed class DiaryBook(AppDbContext db, MedicationFlagWatch medicationFlag, TimeProvider clock, Outcomes.Patients.PatientOutcomeStore outcomes)
{
    /// <summary>
    /// Problems by field name (the date under "Date"); empty when the day was saved. An entry written offline on the
    /// patient's device brings its key (<paramref name="submissionKey"/>), kept with the day.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> RecordAsync(PatientState state, DateOnly date, DiaryDay day, Guid? submissionKey = null)
    {
        var today = state.Today(clock.GetUtcNow());
        if (DiaryRules.CheckDate(date, today) is { } dateProblem)
            return new Dictionary<string, string> { ["Date"] = dateProblem };
        var problems = DiaryRules.Check(day);
        if (problems.Count > 0)
            return problems;

        var window = await SaveDayAsync(state.Patient.Id, date, day, today, submissionKey);
        await medicationFlag.UpdateAsync(state.Patient, Medication(window, today));
        return new Dictionary<string, string>();
    }

    /// <summary>
    /// Stores the day and the patient's outcome summary in one transaction under the patient's write lock, so saves of
    /// one patient at once (two tabs, an offline diary catching up) take turns instead of failing; returns the
    /// medication window as saved. A write that does not take the lock (a questionnaire) can still change the outcome
    /// rows first: then their concurrency token stops this save, and it is made again over what is there now.
    /// </summary>
    private async Task<List<DiaryEntry>> SaveDayAsync(Guid patientId, DateOnly date, DiaryDay day, DateOnly today, Guid? submissionKey)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await CaseloadSummary.PatientSummaries.LockPatientAsync(db, patientId);
                // The whole medication window in the one read that finds the day (an editable day always lies inside it).
                // Only the day being saved is tracked: the rest of the window is read, not written, and every tracked
                // row is compared property by property each time EF looks for changes.
                var window = await WindowOf(db, patientId, MedicationOveruse.WindowStart(today), today).ToListAsync();
                var entry = window.FirstOrDefault(e => e.Date == date);
                if (entry is null)
                {
                    entry = new DiaryEntry(patientId, date);
                    db.DiaryEntries.Add(entry);
                    window.Add(entry);
                }
                else
                {
                    db.DiaryEntries.Attach(entry);
                }
                entry.Record(day, clock.GetUtcNow(), submissionKey);
                await outcomes.RefreshAsync(patientId);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                return window;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private const int MaxAttempts = 3;

    /// <summary>The last 28 days' entries (the medication window, which holds the 7 editable days), newest included.</summary>
    public async Task<IReadOnlyList<DiaryEntry>> RecentAsync(PatientState state)
    {
        var today = state.Today(clock.GetUtcNow());
        return await WindowOf(db, state.Patient.Id, MedicationOveruse.WindowStart(today), today).ToListAsync();
    }

    /// <summary>The medication-overuse rule over entries that include the 28 days ending today.</summary>
    public static MedicationOveruseAssessment Medication(IEnumerable<DiaryEntry> entries, DateOnly today) =>
        MedicationOveruse.Assess(entries.Select(e => new MedicineDay(e.Date, e.TookAcuteMedication, e.MedicineKinds)), today);

    /// <summary>The 7 days before today, for the weekly check-in.</summary>
    public async Task<DiaryWeekSummary> LastWeekAsync(PatientState state)
    {
        var today = state.Today(clock.GetUtcNow());
        var (from, to) = (DiaryWeekSummary.FirstDay(today), DiaryWeekSummary.LastDay(today));
        var days = await db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == state.Patient.Id && e.Date >= from && e.Date <= to)
            .Select(e => new DiaryWeekSummary.Day(e.Date, e.HadHeadache, e.PeakIntensity, e.TookAcuteMedication, e.Mood, e.RelaxationMinutes))
            .ToListAsync();
        return DiaryWeekSummary.Of(days, today);
    }

    /// <summary>The diary days from <c>from</c> to <c>today</c> (the medication window), untracked; compiled once (every diary page and save reads it).</summary>
    private static readonly Func<AppDbContext, Guid, DateOnly, DateOnly, IAsyncEnumerable<DiaryEntry>> WindowOf = EF.CompileAsyncQuery(
        (AppDbContext db, Guid patientId, DateOnly from, DateOnly today) => db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == patientId && e.Date >= from && e.Date <= today));
}
