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
        await medicationFlag.UpdateAsync(state.Patient, MedicationOveruse.Assess(window, today));
        return new Dictionary<string, string>();
    }

    /// <summary>
    /// Stores the day and the patient's outcome summary in one transaction under the patient's write lock, so saves of
    /// one patient at once (two tabs, an offline diary catching up) take turns instead of failing; returns the
    /// medication window as saved. A write that does not take the lock (a questionnaire) can still change the outcome
    /// rows first: then their concurrency token stops this save, and it is made again over what is there now.
    /// The lock, the medication window and the outcome summary's inputs are read in one round trip (<see cref="SqlBatch"/>):
    /// the lock first, so the reads after it see what the lock's previous holder committed.
    /// </summary>
    private async Task<List<MedicineDay>> SaveDayAsync(Guid patientId, DateOnly date, DiaryDay day, DateOnly today, Guid? submissionKey)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                var batch = new SqlBatch()
                    .Add(CaseloadSummary.PatientSummaries.LockPatientSql("$1"), patientId)
                    .Add("""
                        SELECT "Id", "Date", "TookAcuteMedication", "MedicineKinds" FROM diary_entries
                        WHERE "PatientId" = $1 AND "Date" >= $2 AND "Date" <= $3
                        """, patientId, MedicationOveruse.WindowStart(today), today);
                var outcomeInputs = Outcomes.Patients.PatientOutcomeReads.AddTo(batch, db, patientId);
                List<(Guid Id, MedicineDay Day)> window;
                await using (var results = await batch.ExecuteAsync(db))
                {
                    await results.ReadAsync(_ => true);
                    window = await results.ReadAsync(r => (r.GetGuid(0),
                        new MedicineDay(r.GetFieldValue<DateOnly>(1), r.GetBoolean(2), (AcuteMedicineKinds)r.GetInt32(3))));
                    await outcomeInputs.ReadAsync(results);
                }

                var entry = new DiaryEntry(patientId, date);
                entry.Record(day, clock.GetUtcNow(), submissionKey);
                var saved = db.Entry(entry);
                var existing = window.FindIndex(d => d.Day.Date == date);
                // A day already kept is written back whole by its id, so the row's other values need not be read.
                if (existing >= 0)
                    saved.Property(e => e.Id).CurrentValue = window[existing].Id;
                saved.State = existing >= 0 ? EntityState.Modified : EntityState.Added;
                await outcomes.RefreshAsync(patientId, outcomeInputs.Resolve(db));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                var medicineDay = new MedicineDay(entry.Date, entry.TookAcuteMedication, entry.MedicineKinds);
                return [.. window.Where(d => d.Day.Date != date).Select(d => d.Day), medicineDay];
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
