namespace CbtProgram.Web.Domain.Diary;

/// <summary>Which days a patient may write about, and what a day's answers may be.</summary>
public static class DiaryRules
{
    /// <summary>Today and the 7 days before it can be added or corrected.</summary>
    public const int DaysBackEditable = 7;

    public static string? CheckDate(DateOnly date, DateOnly today) =>
        date > today ? "You cannot fill in the diary for a day that has not happened yet."
        : date < today.AddDays(-DaysBackEditable) ? $"Diary days can be added or changed for the last {DaysBackEditable} days only."
        : null;

    /// <summary>Every problem with the answers, by field name; empty when the day can be saved.</summary>
    public static IReadOnlyDictionary<string, string> Check(DiaryDay day)
    {
        var problems = new Dictionary<string, string>();
        if (day.Mood is < 0 or > 10)
            problems["Mood"] = "Choose your mood from 0 to 10.";
        if (day.HadHeadache)
        {
            if (day.PeakIntensity is null or < 0 or > 10)
                problems["PeakIntensity"] = "Choose how bad the headache was at its worst, from 0 to 10.";
            if (day.HeadacheHours is < 0 or > 24)
                problems["HeadacheHours"] = "Hours of headache must be between 0 and 24.";
        }
        if (day.SleepHours is < 0 or > 24)
            problems["SleepHours"] = "Hours of sleep must be between 0 and 24.";
        if (day.TookAcuteMedication && string.IsNullOrWhiteSpace(day.Medication))
            problems["Medication"] = "Write what you took and how much, in your own words.";
        if (day.Medication?.Length > 500)
            problems["Medication"] = "Please keep this under 500 characters.";
        if (day.Triggers?.Length > 500)
            problems["Triggers"] = "Please keep this under 500 characters.";
        return problems;
    }
}
