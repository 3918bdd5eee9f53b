using System.Linq.Expressions;

namespace CbtProgram.Web.Domain.Diary;

/// <summary>
/// The columns of a diary day that charts, the calendar and the timeline show: read instead of whole entries so the
/// patient's own words (medication, triggers) are never loaded where nobody shows them.
/// </summary>
public sealed record DiaryDaySummary(DateOnly Date, bool HadHeadache, int? PeakIntensity, bool TookAcuteMedication, int Mood, DateTimeOffset UpdatedAt)
{
    public static readonly Expression<Func<DiaryEntry, DiaryDaySummary>> FromEntry =
        e => new DiaryDaySummary(e.Date, e.HadHeadache, e.PeakIntensity, e.TookAcuteMedication, e.Mood, e.UpdatedAt);
}
