namespace CbtProgram.Web.Domain.Diary;

/// <summary>
/// The kinds of acute (headache) medicine a patient says they took on a day; several may be ticked. A record of what
/// they took, never advice. None with medicine taken means the kind is unknown (entries from before kinds were asked).
/// </summary>
[Flags]
public enum AcuteMedicineKinds
{
    None = 0,
    Triptan = 1,
    /// <summary>Paracetamol, ibuprofen, aspirin and other single painkillers (simple analgesics and NSAIDs).</summary>
    SimplePainkiller = 2,
    /// <summary>Painkillers that combine two or more medicines in one tablet.</summary>
    CombinationPainkiller = 4,
    /// <summary>Codeine, tramadol and other opioid painkillers, alone or combined.</summary>
    Opioid = 8,
    /// <summary>Something else, or the patient is not sure: treated as unknown by the medication-overuse rule.</summary>
    Other = 16,
}

/// <summary>The kinds in the order the diary offers them, with the words patients and therapists see.</summary>
public static class AcuteMedicineKindNames
{
    public static readonly IReadOnlyList<(AcuteMedicineKinds Kind, string Label, string Example)> Offered =
    [
        (AcuteMedicineKinds.Triptan, "Triptan", "for example sumatriptan, rizatriptan, zolmitriptan"),
        (AcuteMedicineKinds.SimplePainkiller, "Simple painkiller", "for example paracetamol, ibuprofen, aspirin, naproxen"),
        (AcuteMedicineKinds.CombinationPainkiller, "Combination painkiller", "two or more medicines in one tablet, for example paracetamol with caffeine"),
        (AcuteMedicineKinds.Opioid, "Opioid or codeine painkiller", "for example co-codamol, codeine, tramadol"),
        (AcuteMedicineKinds.Other, "Something else, or I'm not sure", ""),
    ];

    /// <summary>"triptan, simple painkiller", or "kind not recorded" when none was ticked.</summary>
    public static string Describe(AcuteMedicineKinds kinds) =>
        kinds == AcuteMedicineKinds.None ? "kind not recorded"
        : string.Join(", ", Offered.Where(o => kinds.HasFlag(o.Kind)).Select(o => o.Kind == AcuteMedicineKinds.Other ? "other or not sure" : o.Label.ToLowerInvariant()));
}
