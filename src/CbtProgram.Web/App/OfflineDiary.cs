using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Journey;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.App;

/// <summary>
/// Diary entries written on the patient's device while it had no connection, arriving later. Each carries a key made on
/// the device and the version of the day the device knew when the entry was written. Exactly once: a resend of a key
/// already saved changes nothing, and entries from one patient are taken one at a time (a lock on the patient), so two
/// sends of the same entry at once cannot both apply. A day saved again since the device last saw it is never silently
/// overwritten: the patient is asked which to keep, and only then does the device send it with <c>replace</c>.
/// </summary>
public sealed class OfflineDiary(AppDbContext db, DiaryBook diary)
{
    public async Task<OfflineDiaryResult> ReceiveAsync(PatientState state, DateOnly date, OfflineDiaryEntry sent)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtextextended({"offline-diary:" + state.Patient.Id}, 0))");
            return await ReceiveLockedAsync(state, date, sent);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({"offline-diary:" + state.Patient.Id}, 0))");
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<OfflineDiaryResult> ReceiveLockedAsync(PatientState state, DateOnly date, OfflineDiaryEntry sent)
    {
        var saved = await db.DiaryEntries.AsNoTracking().Where(e => e.PatientId == state.Patient.Id && e.Date == date)
            .Select(e => new { e.SubmissionKey, e.UpdatedAt }).FirstOrDefaultAsync();
        var savedVersion = saved?.UpdatedAt.ToUnixTimeMilliseconds();
        if (saved is not null && saved.SubmissionKey == sent.Key)
            return OfflineDiaryResult.AlreadySaved(savedVersion!.Value);
        if (!sent.Replace && savedVersion != sent.BaseVersion && saved is not null)
            return OfflineDiaryResult.Conflict(saved.UpdatedAt, savedVersion!.Value);

        var problems = sent.Problems ?? await diary.RecordAsync(state, date, sent.Day!, sent.Key);
        if (problems.Count > 0)
            return OfflineDiaryResult.NotSaved(problems);
        var version = await db.DiaryEntries.Where(e => e.PatientId == state.Patient.Id && e.Date == date)
            .Select(e => e.UpdatedAt).SingleAsync();
        return OfflineDiaryResult.Saved(version.ToUnixTimeMilliseconds());
    }
}

/// <summary>
/// One entry as the device sent it: its key, the day's version when it was written (<c>BaseVersion</c>; null when the
/// device knew of no saved entry), whether the patient chose to keep it over one saved since (<c>Replace</c>), and the
/// answers (<c>Day</c>) or why they could not be read (<c>Problems</c>).
/// </summary>
public sealed record OfflineDiaryEntry(Guid Key, long? BaseVersion, bool Replace, DiaryDay? Day, IReadOnlyDictionary<string, string>? Problems);

public enum OfflineDiaryOutcome { Saved, AlreadySaved, Conflict, NotSaved }

public sealed record OfflineDiaryResult(OfflineDiaryOutcome Outcome, long? Version, DateTimeOffset? SavedAt, IReadOnlyDictionary<string, string> Problems)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();
    public static OfflineDiaryResult Saved(long version) => new(OfflineDiaryOutcome.Saved, version, null, None);
    public static OfflineDiaryResult AlreadySaved(long version) => new(OfflineDiaryOutcome.AlreadySaved, version, null, None);
    public static OfflineDiaryResult Conflict(DateTimeOffset savedAt, long version) => new(OfflineDiaryOutcome.Conflict, version, savedAt, None);
    public static OfflineDiaryResult NotSaved(IReadOnlyDictionary<string, string> problems) => new(OfflineDiaryOutcome.NotSaved, null, null, problems);
}
