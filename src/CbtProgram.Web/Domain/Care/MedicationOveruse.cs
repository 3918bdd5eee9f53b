using CbtProgram.Web.Domain.Diary;

namespace CbtProgram.Web.Domain.Care;

/// <summary>One recorded diary day as the medication-overuse rule reads it.</summary>
public readonly record struct MedicineDay(DateOnly Date, bool TookAcuteMedicine, AcuteMedicineKinds Kinds);

/// <summary>Why the flag is on; several reasons can hold at once.</summary>
[Flags]
public enum MedicationOveruseReasons
{
    None = 0,
    /// <summary>Triptans, combination painkillers, opioids or medicine of unknown kind on 10 or more days.</summary>
    TenDayKinds = 1,
    /// <summary>Simple painkillers on 15 or more days.</summary>
    SimplePainkillers = 2,
    /// <summary>Acute medicine of more than one kind on 10 or more days in total.</summary>
    SeveralKinds = 4,
}

/// <summary>What the rule found in the window: counts of recorded days only, and why it flagged, if it did.</summary>
public sealed record MedicationOveruseAssessment(
    int RecordedDays, int MedicineDays, int TenDayKindDays, int SimplePainkillerDays, int KindsUsed, MedicationOveruseReasons Reasons)
{
    public bool IsFlagged => Reasons != MedicationOveruseReasons.None;
    public int WindowDays => MedicationOveruse.WindowDays;
}

/// <summary>
/// The medication-overuse flag, after the ICHD-3 criteria for medication-overuse headache (8.2): acute medicine taken
/// on too many days of the last 28, counting only the days the patient recorded. It flags when
/// <list type="bullet">
/// <item>triptans, combination painkillers or opioids (any of them) were taken on 10 or more days,</item>
/// <item>more than one kind of acute medicine was used and medicine was taken on 10 or more days in all
/// (ICHD-3 8.2.6, several kinds none of which is overused alone), or</item>
/// <item>simple painkillers were taken on 15 or more days.</item>
/// </list>
/// A day not recorded is unknown, not medicine-free: it counts toward nothing, and <see cref="MedicationOveruseAssessment.RecordedDays"/>
/// says how many of the 28 were recorded, so pages can say "10 days of 21 recorded". Erring on the side of looking:
/// medicine of unknown kind (entries from before kinds were asked, or "something else, or not sure") counts toward the
/// lower, 10-day threshold, as if it could be a triptan, and as a kind of its own for "more than one kind". So a diary
/// without kinds flags exactly as the old rule did (any medicine on 10 days), and simple painkillers alone are the only
/// medicine that waits for 15 days. The flag prompts a clinician to look; ICHD-3's other conditions (headache on 15 or
/// more days a month, overuse for more than 3 months) are theirs to judge, and it is never a diagnosis.
/// </summary>
public static class MedicationOveruse
{
    public const int WindowDays = 28;
    public const int TenDayThreshold = 10;
    public const int SimplePainkillerThreshold = 15;

    private const AcuteMedicineKinds TenDayKinds =
        AcuteMedicineKinds.Triptan | AcuteMedicineKinds.CombinationPainkiller | AcuteMedicineKinds.Opioid | AcuteMedicineKinds.Other;

    /// <summary>The first day of the 28-day window that ends with (and includes) today.</summary>
    public static DateOnly WindowStart(DateOnly today) => today.AddDays(-(WindowDays - 1));

    /// <summary>Assesses the recorded days of the 28 ending today; days outside the window are ignored, a date given twice counts once.</summary>
    public static MedicationOveruseAssessment Assess(IEnumerable<MedicineDay> days, DateOnly today)
    {
        var from = WindowStart(today);
        var recorded = days.Where(d => d.Date >= from && d.Date <= today)
            .GroupBy(d => d.Date, (_, same) => same.Last()).ToList();
        return Assess(recorded.Count, recorded.Where(d => d.TookAcuteMedicine).Select(d => d.Kinds));
    }

    /// <summary>
    /// The same rule for a caller that has already picked the window's days (the caseload, in SQL, from
    /// <see cref="WindowStart"/>): how many days were recorded, and the kinds ticked on each day medicine was taken.
    /// </summary>
    public static MedicationOveruseAssessment Assess(int recordedDays, IEnumerable<AcuteMedicineKinds> medicineDays)
    {
        var medicine = medicineDays.ToList();
        var tenDayKindDays = medicine.Count(k => k == AcuteMedicineKinds.None || (k & TenDayKinds) != 0);
        var simpleDays = medicine.Count(k => k.HasFlag(AcuteMedicineKinds.SimplePainkiller));
        var kindsUsed = KindsIn(medicine);

        var reasons = MedicationOveruseReasons.None;
        if (tenDayKindDays >= TenDayThreshold)
            reasons |= MedicationOveruseReasons.TenDayKinds;
        if (kindsUsed >= 2 && medicine.Count >= TenDayThreshold)
            reasons |= MedicationOveruseReasons.SeveralKinds;
        if (simpleDays >= SimplePainkillerThreshold)
            reasons |= MedicationOveruseReasons.SimplePainkillers;
        return new MedicationOveruseAssessment(recordedDays, medicine.Count, tenDayKindDays, simpleDays, kindsUsed, reasons);
    }

    /// <summary>Every kind a patient can tick (<see cref="AcuteMedicineKinds.None"/> is not one).</summary>
    private static readonly AcuteMedicineKinds[] Kinds = Enum.GetValues<AcuteMedicineKinds>().Where(k => k != AcuteMedicineKinds.None).ToArray();

    /// <summary>The reasons in words, for the therapist's pages.</summary>
    public static string Describe(MedicationOveruseReasons reasons) => string.Join("; ", new[]
    {
        reasons.HasFlag(MedicationOveruseReasons.TenDayKinds) ? $"triptans, combination painkillers, opioids or medicine of unknown kind on {TenDayThreshold}+ days" : null,
        reasons.HasFlag(MedicationOveruseReasons.SeveralKinds) ? $"more than one kind of acute medicine on {TenDayThreshold}+ days in all" : null,
        reasons.HasFlag(MedicationOveruseReasons.SimplePainkillers) ? $"simple painkillers on {SimplePainkillerThreshold}+ days" : null,
    }.OfType<string>());

    /// <summary>The different kinds used across the days, an unknown kind counting as one of its own.</summary>
    private static int KindsIn(IReadOnlyList<AcuteMedicineKinds> medicine)
    {
        var all = medicine.Aggregate(AcuteMedicineKinds.None, (seen, k) => seen | k);
        var ticked = Kinds.Count(k => all.HasFlag(k));
        return ticked + (medicine.Any(k => k == AcuteMedicineKinds.None) ? 1 : 0);
    }
}
