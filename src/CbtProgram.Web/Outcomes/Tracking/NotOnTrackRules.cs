using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Care;

namespace CbtProgram.Web.Outcomes.Tracking;

/// <summary>
/// "Not on track": the latest PHQ-9 (weekly check-in, mid or post) is up from baseline by the patient's rule. The rules a
/// therapist can choose from: a reliable deterioration (the PHQ-9 file's reliable change, 6 points: the default) or
/// program.yaml's worsening rise (<c>worsening_phq9_rise_from_baseline</c>, 5). The comparison itself is the caseload's one
/// worsening rule, <see cref="ClinicalFlags.IsWorsening"/>.
/// </summary>
public static class NotOnTrackRules
{
    public const string ReliableDeterioration = "reliable-deterioration";
    public const string RiseFromBaseline = "rise-from-baseline";
    public static readonly IReadOnlyList<string> All = [ReliableDeterioration, RiseFromBaseline];

    /// <summary>The rise (in PHQ-9 points, at or above which) the rule calls a patient not on track.</summary>
    public static int Rise(string? rule, MeasureDefinition? phq9, ProgramDefinition program) => rule switch
    {
        RiseFromBaseline => program.Risk.WorseningPhq9RiseFromBaseline,
        _ => (int)Math.Ceiling(phq9?.Outcomes?.ReliableChange?.Number ?? 6),
    };

    public static string Describe(string? rule, int rise) => rule == RiseFromBaseline
        ? $"PHQ-9 up {rise} or more from baseline"
        : $"Reliable deterioration: PHQ-9 up {rise} or more from baseline";

    public static bool IsNotOnTrack(int? baseline, int? latest, int rise) => ClinicalFlags.IsWorsening(baseline, latest, rise);
}
