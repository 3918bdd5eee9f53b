namespace CbtProgram.Web.Outcomes.Statistics;

/// <summary>One diary day as the outcome figures read it.</summary>
public sealed record DiaryDayFigures(DateOnly Date, bool HadHeadache, int? PeakIntensity, bool TookAcuteMedication);

/// <summary>
/// Diary figures over one 28-day window (PROGRAM.md, Outcome definitions). Days with no entry are missing, never taken
/// as headache-free: per-28 figures are scaled by the days recorded, and a window with fewer than
/// <see cref="HeadacheWindow.MinimumDays"/> recorded days is insufficient: every figure is null.
/// <para>HeadacheDaysPer28: Headache days × 28 / recorded days.</para>
/// <para>MeanPeakIntensity: Mean peak intensity (0-10) over the headache days that have one; null with none.</para>
/// <para>HeadacheIndex: Sum over recorded days of peak intensity (0 on a headache-free day) × 28 / recorded days.</para>
/// <para>AcuteMedicineDaysPer28: Days with acute medicine × 28 / recorded days.</para>
/// </summary>
public sealed record DiaryWindowFigures(
    DateOnly From, DateOnly To, int RecordedDays, bool Sufficient,
    double? HeadacheDaysPer28, double? MeanPeakIntensity, double? HeadacheIndex, double? AcuteMedicineDaysPer28);

public static class HeadacheWindow
{
    public const int Days = 28;
    /// <summary>Half the window: below it, a per-28 figure would rest on too few days to stand for the month.</summary>
    public const int MinimumDays = 14;

    /// <summary>The 28 days before <paramref name="end"/> (which is not included).</summary>
    public static (DateOnly From, DateOnly To) Before(DateOnly end) => (end.AddDays(-Days), end.AddDays(-1));

    public static DiaryWindowFigures Summarise(IEnumerable<DiaryDayFigures> entries, DateOnly from, DateOnly to)
    {
        var days = entries.Where(e => e.Date >= from && e.Date <= to).GroupBy(e => e.Date).Select(g => g.Last()).ToList();
        var recorded = days.Count;
        if (recorded < MinimumDays)
            return new DiaryWindowFigures(from, to, recorded, false, null, null, null, null);
        double Per28(int count) => count * (double)Days / recorded;
        var peaks = days.Where(d => d.HadHeadache && d.PeakIntensity is not null).Select(d => (double)d.PeakIntensity!.Value).ToList();
        return new DiaryWindowFigures(from, to, recorded, true,
            Per28(days.Count(d => d.HadHeadache)),
            peaks.Count == 0 ? null : peaks.Average(),
            days.Sum(d => d.HadHeadache ? d.PeakIntensity ?? 0 : 0) * (double)Days / recorded,
            Per28(days.Count(d => d.TookAcuteMedication)));
    }

    /// <summary>
    /// Headache response (the 50 % responder rate of headache trials): headache days per 28 down by half or more from
    /// baseline. Null when either window is insufficient or baseline had no headache days (nothing to halve).
    /// </summary>
    public static bool? Responder(double? baselinePer28, double? laterPer28) =>
        baselinePer28 is { } b && laterPer28 is { } l && b > 0 ? (b - l) / b >= 0.5 - 1e-9 : null;
}
