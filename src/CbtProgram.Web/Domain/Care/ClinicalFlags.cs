namespace CbtProgram.Web.Domain.Care;

public enum CaseFlagKind
{
    RiskAlert,
    Worsening,
    MissedSessions,
    MedicationOveruse,
    FollowUpDue,
    FollowUpMissed,
}

/// <summary>
/// The lower-priority flags for therapists (PROGRAM.md, Safety), in one place. They prompt a clinician to look; they
/// are not diagnoses. The medication-overuse rule has its own class, <see cref="MedicationOveruse"/>.
/// </summary>
public static class ClinicalFlags
{
    /// <summary>Days a diary needs in a 28-day window before a per-28-days figure is worth showing.</summary>
    public const int MinimumDiaryDays = 7;

    public static bool IsWorsening(int? baselinePhq9, int? latestPhq9, int rise) =>
        baselinePhq9 is { } baseline && latestPhq9 is { } latest && latest - baseline >= rise;

    /// <summary>Days per 28 from the days recorded, or null when too few days were recorded to say.</summary>
    public static int? Per28Days(int days, int recorded) =>
        recorded < MinimumDiaryDays ? null : (int)Math.Round(days * 28.0 / recorded, MidpointRounding.AwayFromZero);

    public static string Describe(CaseFlagKind flag, int missedSessions, MedicationOveruseAssessment? medication = null) => flag switch
    {
        CaseFlagKind.RiskAlert => "Risk alert",
        CaseFlagKind.Worsening => "Not on track (PHQ-9)",
        CaseFlagKind.MissedSessions => $"{missedSessions} missed sessions",
        CaseFlagKind.MedicationOveruse => medication is null ? "Medication overuse"
            : $"Medicine on {medication.MedicineDays} of {medication.RecordedDays} days",
        CaseFlagKind.FollowUpDue => "Follow-up due",
        CaseFlagKind.FollowUpMissed => "Follow-up missed",
        _ => flag.ToString(),
    };
}
