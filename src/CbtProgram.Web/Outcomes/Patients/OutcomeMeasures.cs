namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// The rows of a patient's outcome summary (<c>patient_outcomes.MeasureId</c>): the four questionnaires, the NHS Talking
/// Therapies pair, and the four headache-diary figures as pseudo-measures.
/// </summary>
public static class OutcomeMeasures
{
    public const string Phq9 = "phq-9";
    public const string Gad7 = "gad-7";
    public const string Who5 = "who-5";
    public const string Midas = "midas";
    /// <summary>PHQ-9 and GAD-7 together, classified by the NHS Talking Therapies rules (no scores of its own).</summary>
    public const string TalkingTherapies = "talking-therapies";
    public const string HeadacheDays = "diary-headache-days";
    public const string PeakIntensity = "diary-peak-intensity";
    public const string HeadacheIndex = "diary-headache-index";
    public const string MedicineDays = "diary-medicine-days";

    public static readonly IReadOnlyList<string> Questionnaires = [Phq9, Gad7, Who5, Midas];
    public static readonly IReadOnlyList<string> Diary = [HeadacheDays, PeakIntensity, HeadacheIndex, MedicineDays];
    public static readonly IReadOnlyList<string> All = [.. Questionnaires, TalkingTherapies, .. Diary];

    public static bool IsDiary(string measureId) => Diary.Contains(measureId);
}
