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
    /// <summary>The patient's own words: what they took. Never interpreted by the program.</summary>
    public string? Medication { get; private set; }
    /// <summary>The kinds of acute medicine taken; None on a medicine day means the kind is unknown (older entries).</summary>
    public AcuteMedicineKinds MedicineKinds { get; private set; }
    /// <summary>Tablets or doses of acute medicine taken that day, as the patient counted them.</summary>
    public int? MedicineDoses { get; private set; }
    public string? Triggers { get; private set; }
    public int Mood { get; private set; }
    public decimal? SleepHours { get; private set; }
    public int? RelaxationMinutes { get; private set; }
    /// <summary>Yes, no, or null when not answered.</summary>
    public bool? Aura { get; private set; }
    /// <summary>Yes, no, or null when not answered (including "prefer not to say").</summary>
    public bool? MenstrualDay { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>
    /// The key of the offline entry (written on the patient's device while it had no connection) this day was last saved
    /// from, so a resend of it after a lost response changes nothing; null when the day was last saved online.
    /// </summary>
    public Guid? SubmissionKey { get; private set; }

    /// <summary>The day's version as a device last saw it: when it was last saved, to the millisecond.</summary>
    public long Version => UpdatedAt.ToUnixTimeMilliseconds();

    public void Record(DiaryDay day, DateTimeOffset now, Guid? submissionKey = null)
    {
        HadHeadache = day.HadHeadache;
        PeakIntensity = day.HadHeadache ? day.PeakIntensity : null;
        HeadacheHours = day.HadHeadache ? day.HeadacheHours : null;
        TookAcuteMedication = day.TookAcuteMedication;
        Medication = day.TookAcuteMedication ? day.Medication?.Trim() : null;
        MedicineKinds = day.TookAcuteMedication ? day.MedicineKinds : AcuteMedicineKinds.None;
        MedicineDoses = day.TookAcuteMedication ? day.MedicineDoses : null;
        Triggers = Trimmed(day.Triggers);
        Mood = day.Mood;
        SleepHours = day.SleepHours;
        RelaxationMinutes = day.RelaxationMinutes;
        Aura = day.Aura;
        MenstrualDay = day.MenstrualDay;
        Note = Trimmed(day.Note);
        UpdatedAt = now;
        SubmissionKey = submissionKey;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>What a patient says about one day, already checked by <see cref="DiaryRules"/>.</summary>
public sealed record DiaryDay(
    bool HadHeadache, int? PeakIntensity, decimal? HeadacheHours, bool TookAcuteMedication, string? Medication,
    string? Triggers, int Mood, decimal? SleepHours)
{
    public AcuteMedicineKinds MedicineKinds { get; init; }
    public int? MedicineDoses { get; init; }
    public int? RelaxationMinutes { get; init; }
    public bool? Aura { get; init; }
    public bool? MenstrualDay { get; init; }
    public string? Note { get; init; }
}
