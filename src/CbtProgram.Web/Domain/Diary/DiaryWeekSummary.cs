namespace CbtProgram.Web.Domain.Diary;

/// <summary>
/// The diary of the 7 days before today, as the weekly check-in shows it. Averages are over the days that have a value
/// (peak intensity over headache days, mood over recorded days) and null when there is none.
/// </summary>
public sealed record DiaryWeekSummary(
    DateOnly From, DateOnly To, int DaysRecorded, int HeadacheDays, decimal? AveragePeakIntensity, int MedicineDays,
    decimal? AverageMood, int RelaxationMinutes)
{
    public const int Days = 7;

    /// <summary>One recorded day, only the columns the summary needs.</summary>
    public sealed record Day(DateOnly Date, bool HadHeadache, int? PeakIntensity, bool TookAcuteMedication, int Mood, int? RelaxationMinutes);

    /// <summary>The 7 days before today: today is still going on, and often not yet in the diary.</summary>
    public static DateOnly FirstDay(DateOnly today) => today.AddDays(-Days);

    public static DateOnly LastDay(DateOnly today) => today.AddDays(-1);

    public static DiaryWeekSummary Of(IEnumerable<Day> days, DateOnly today)
    {
        var (from, to) = (FirstDay(today), LastDay(today));
        var week = days.Where(d => d.Date >= from && d.Date <= to).DistinctBy(d => d.Date).ToList();
        var peaks = week.Where(d => d.HadHeadache && d.PeakIntensity is not null).Select(d => (decimal)d.PeakIntensity!.Value).ToList();
        return new DiaryWeekSummary(from, to, week.Count, week.Count(d => d.HadHeadache),
            peaks.Count == 0 ? null : Math.Round(peaks.Average(), 1, MidpointRounding.AwayFromZero),
            week.Count(d => d.TookAcuteMedication),
            week.Count == 0 ? null : Math.Round(week.Average(d => (decimal)d.Mood), 1, MidpointRounding.AwayFromZero),
            week.Sum(d => d.RelaxationMinutes ?? 0));
    }
}
