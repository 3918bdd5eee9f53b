using System.Linq.Expressions;

namespace CbtProgram.Web.Domain.Diary;

/// <summary>
/// The columns of a diary day that charts, the calendar and the timeline show: read instead of whole entries so the
/// patient's own words (medication, triggers, notes) are never loaded where nobody shows them.
/// </summary>
public sealed record DiaryDaySummary(
    DateOnly Date, bool HadHeadache, int? PeakIntensity, bool TookAcuteMedication, AcuteMedicineKinds MedicineKinds, int Mood, DateTimeOffset UpdatedAt)
{
    public static readonly Expression<Func<DiaryEntry, DiaryDaySummary>> FromEntry =
        e => new DiaryDaySummary(e.Date, e.HadHeadache, e.PeakIntensity, e.TookAcuteMedication, e.MedicineKinds, e.Mood, e.UpdatedAt);
}
