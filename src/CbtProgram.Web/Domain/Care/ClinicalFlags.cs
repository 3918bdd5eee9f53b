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
/// are not diagnoses.
/// </summary>
public static class ClinicalFlags
{
    /// <summary>
    /// Acute-medication days in 28 that raise the medication-overuse flag. The diary keeps medicines in the patient's
    /// own words, so the program cannot tell triptans from simple analgesics (15 days); it uses the lower threshold.
    /// </summary>
    public const int MedicationOveruseDays = 10;

    /// <summary>Days a diary needs in a 28-day window before a per-28-days figure is worth showing.</summary>
    public const int MinimumDiaryDays = 7;

    public static bool IsWorsening(int? baselinePhq9, int? latestPhq9, int rise) =>
        baselinePhq9 is { } baseline && latestPhq9 is { } latest && latest - baseline >= rise;

    public static bool IsMedicationOveruse(int medicationDaysIn28) => medicationDaysIn28 >= MedicationOveruseDays;

    /// <summary>Days per 28 from the days recorded, or null when too few days were recorded to say.</summary>
    public static int? Per28Days(int days, int recorded) =>
        recorded < MinimumDiaryDays ? null : (int)Math.Round(days * 28.0 / recorded, MidpointRounding.AwayFromZero);

    public static string Describe(CaseFlagKind flag, int missedSessions) => flag switch
    {
        CaseFlagKind.RiskAlert => "Risk alert",
        CaseFlagKind.Worsening => "PHQ-9 up 5+",
        CaseFlagKind.MissedSessions => $"{missedSessions} missed sessions",
        CaseFlagKind.MedicationOveruse => $"Medicine {MedicationOveruseDays}+ days",
        CaseFlagKind.FollowUpDue => "Follow-up due",
        CaseFlagKind.FollowUpMissed => "Follow-up missed",
        _ => flag.ToString(),
    };
}
