using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>
/// A measure file's <c>outcomes:</c> section: the numbers behind reliable change and caseness, each with its source, so
/// the reports state what they rest on. Read by <see cref="Rules"/> into the one rule object the statistics use.
/// </summary>
public sealed class MeasureOutcomeSettings
{
    public const string LowerIsBetter = "lower-is-better";
    public const string HigherIsBetter = "higher-is-better";

    public string Direction { get; set; } = LowerIsBetter;
    public SourcedValue Reliability { get; set; } = new();
    /// <summary>The reference (baseline) SD for SEdiff; the source says which population it is from.</summary>
    public SourcedValue ReferenceSd { get; set; } = new();
    /// <summary>The clinical cutoff: at or above it a case (lower-is-better), below it a case (higher-is-better).</summary>
    public SourcedValue? Caseness { get; set; }
    /// <summary>A fixed reliable-change threshold in points, used instead of the index when present.</summary>
    public SourcedValue? ReliableChange { get; set; }

    public MeasureOutcomeRules Rules(string measureId) => new(measureId, Direction == HigherIsBetter,
        Reliability.Alpha ?? Reliability.Value ?? 0, ReferenceSd.Value ?? 0, Caseness?.Cutoff ?? Caseness?.Value, ReliableChange?.Points ?? ReliableChange?.Value);
}

/// <summary>A number and where it comes from. The file may name the number alpha, cutoff, points or value.</summary>
public sealed class SourcedValue
{
    public double? Alpha { get; set; }
    public double? Cutoff { get; set; }
    public double? Points { get; set; }
    public double? Value { get; set; }
    public string Source { get; set; } = "";

    public double? Number => Alpha ?? Cutoff ?? Points ?? Value;
}
