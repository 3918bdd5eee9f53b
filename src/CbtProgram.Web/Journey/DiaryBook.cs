using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>The patient's daily diary: one entry a day, the last 7 days open to add or correct, never a future day.</summary>
public sealed class DiaryBook(AppDbContext db, TimeProvider clock)
{
    /// <summary>Problems by field name (the date under "Date"); empty when the day was saved.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RecordAsync(PatientState state, DateOnly date, DiaryDay day)
    {
        var today = state.Today(clock.GetUtcNow());
        if (DiaryRules.CheckDate(date, today) is { } dateProblem)
            return new Dictionary<string, string> { ["Date"] = dateProblem };
        var problems = DiaryRules.Check(day);
        if (problems.Count > 0)
            return problems;

        var entry = await db.DiaryEntries.FirstOrDefaultAsync(e => e.PatientId == state.Patient.Id && e.Date == date);
        if (entry is null)
        {
            entry = new DiaryEntry(state.Patient.Id, date);
            db.DiaryEntries.Add(entry);
        }
        entry.Record(day, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same day saved twice at once: apply this save over the other.
            db.ChangeTracker.Clear();
            var other = await db.DiaryEntries.SingleAsync(e => e.PatientId == state.Patient.Id && e.Date == date);
            other.Record(day, clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        return new Dictionary<string, string>();
    }

    public async Task<IReadOnlyList<DiaryEntry>> RecentAsync(PatientState state)
    {
        var from = state.Today(clock.GetUtcNow()).AddDays(-DiaryRules.DaysBackEditable);
        return await db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == state.Patient.Id && e.Date >= from).ToListAsync();
    }
}
