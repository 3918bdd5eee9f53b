namespace CbtProgram.Web.Domain.Diary;

/// <summary>Which days a patient may write about, and what a day's answers may be.</summary>
public static class DiaryRules
{
    /// <summary>Today and the 7 days before it can be added or corrected.</summary>
    public const int DaysBackEditable = 7;
    public const int MaxTextLength = 500;
    /// <summary>Tablets or doses of acute medicine in one day: a small whole number.</summary>
    public const int MaxMedicineDoses = 30;
    public const int MaxRelaxationMinutes = 300;

    private const AcuteMedicineKinds AllKinds = AcuteMedicineKinds.Triptan | AcuteMedicineKinds.SimplePainkiller
        | AcuteMedicineKinds.CombinationPainkiller | AcuteMedicineKinds.Opioid | AcuteMedicineKinds.Other;

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
        if (day.TookAcuteMedication)
        {
            if (string.IsNullOrWhiteSpace(day.Medication))
                problems["Medication"] = "Write the name of the medicine you took, in your own words or as it says on the packet.";
            if (day.MedicineKinds == AcuteMedicineKinds.None)
                problems["MedicineKinds"] = "Tick the kind of medicine you took. If you're not sure, tick \"Something else, or I'm not sure\".";
            else if ((day.MedicineKinds & ~AllKinds) != 0)
                problems["MedicineKinds"] = "Choose the kind of medicine from the list.";
            if (day.MedicineDoses is null or < 1 or > MaxMedicineDoses)
                problems["MedicineDoses"] = $"Write how many tablets or doses you took that day, as a whole number from 1 to {MaxMedicineDoses}.";
        }
        if (day.Medication?.Length > MaxTextLength)
            problems["Medication"] = $"Please keep this under {MaxTextLength} characters.";
        if (day.Triggers?.Length > MaxTextLength)
            problems["Triggers"] = $"Please keep this under {MaxTextLength} characters.";
        if (day.RelaxationMinutes is < 0 or > MaxRelaxationMinutes)
            problems["RelaxationMinutes"] = $"Minutes of relaxation practice must be a whole number from 0 to {MaxRelaxationMinutes}.";
        if (day.Note?.Length > MaxTextLength)
            problems["Note"] = $"Please keep your note under {MaxTextLength} characters.";
        return problems;
    }
}
