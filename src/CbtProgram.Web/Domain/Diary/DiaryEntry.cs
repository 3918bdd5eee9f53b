namespace CbtProgram.Web.Domain.Diary;

/// <summary>One day of the headache-and-mood diary. A second entry for the same day updates this one.</summary>
public sealed class DiaryEntry
{
    private DiaryEntry() { }

    public DiaryEntry(Guid patientId, DateOnly date)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        Date = date;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public DateOnly Date { get; private set; }
    public bool HadHeadache { get; private set; }
    public int? PeakIntensity { get; private set; }
    public decimal? HeadacheHours { get; private set; }
    public bool TookAcuteMedication { get; private set; }
    /// <summary>The patient's own words: what they took and how much. Never interpreted by the program.</summary>
    public string? Medication { get; private set; }
    public string? Triggers { get; private set; }
    public int Mood { get; private set; }
    public decimal? SleepHours { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Record(DiaryDay day, DateTimeOffset now)
    {
        HadHeadache = day.HadHeadache;
        PeakIntensity = day.HadHeadache ? day.PeakIntensity : null;
        HeadacheHours = day.HadHeadache ? day.HeadacheHours : null;
        TookAcuteMedication = day.TookAcuteMedication;
        Medication = day.TookAcuteMedication ? day.Medication?.Trim() : null;
        Triggers = string.IsNullOrWhiteSpace(day.Triggers) ? null : day.Triggers.Trim();
        Mood = day.Mood;
        SleepHours = day.SleepHours;
        UpdatedAt = now;
    }
}

/// <summary>What a patient says about one day, already checked by <see cref="DiaryRules"/>.</summary>
public sealed record DiaryDay(
    bool HadHeadache, int? PeakIntensity, decimal? HeadacheHours, bool TookAcuteMedication, string? Medication,
    string? Triggers, int Mood, decimal? SleepHours);
