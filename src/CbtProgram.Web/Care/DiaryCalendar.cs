using CbtProgram.Web.Domain.Diary;

namespace CbtProgram.Web.Care;

public sealed record DiaryDayCell(DateOnly Date, DiaryDaySummary? Entry)
{
    /// <summary>0 no entry, 1 no headache, 2 mild (1-3), 3 moderate (4-6), 4 severe (7-10): the heat map's shades.</summary>
    public int Level => Entry switch
    {
        null => 0,
        { HadHeadache: false } => 1,
        { PeakIntensity: <= 3 } => 2,
        { PeakIntensity: <= 6 } => 3,
        _ => 4,
    };

    private string Medicine => Entry is { TookAcuteMedication: true } e ? $", medicine taken ({AcuteMedicineKindNames.Describe(e.MedicineKinds)})" : "";

    public string Describe() => Entry switch
    {
        null => "no entry",
        { HadHeadache: false } => $"no headache{Medicine}, mood {Entry.Mood}/10",
        _ => $"headache {Entry.PeakIntensity}/10{Medicine}, mood {Entry.Mood}/10",
    };
}

/// <summary>The diary as a calendar heat map: whole weeks (Monday first) from the first entry to today, at most 20 weeks back.</summary>
public sealed record DiaryCalendar(IReadOnlyList<IReadOnlyList<DiaryDayCell>> Weeks)
{
    public const int MaxWeeks = 20;

    public static DiaryCalendar Build(IReadOnlyList<DiaryDaySummary> entries, DateOnly today)
    {
        if (entries.Count == 0)
            return new DiaryCalendar([]);
        var byDate = entries.ToDictionary(e => e.Date);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var first = entries.Min(e => e.Date);
        var start = monday;
        for (var i = 1; i < MaxWeeks && start > first; i++)
            start = start.AddDays(-7);
        var weeks = new List<IReadOnlyList<DiaryDayCell>>();
        for (var week = start; week <= monday; week = week.AddDays(7))
            weeks.Add(Enumerable.Range(0, 7).Select(d => week.AddDays(d)).Where(d => d <= today)
                .Select(d => new DiaryDayCell(d, byDate.GetValueOrDefault(d))).ToList());
        return new DiaryCalendar(weeks);
    }
}
