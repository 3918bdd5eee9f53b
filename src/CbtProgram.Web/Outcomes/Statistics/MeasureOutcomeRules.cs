namespace CbtProgram.Web.Outcomes.Statistics;

/// <summary>
/// One measure's outcome rules, as its file states them (measures/*.yaml, <c>outcomes:</c>): which direction is better,
/// its reliability and reference SD for the reliable change index, the clinical cutoff (caseness), and, where the service
/// uses a fixed threshold instead of the index (NHS Talking Therapies: PHQ-9 6, GAD-7 4), that threshold.
/// <para>Cutoff: Caseness: for lower-is-better, a score at or above it; for higher-is-better, a score below it.</para>
/// <para>ReliableChangePoints: A fixed threshold: a change of at least this many points, in either direction, is reliable.</para>
/// </summary>
public sealed record MeasureOutcomeRules(
    string MeasureId, bool HigherIsBetter, double Reliability, double ReferenceSd, double? Cutoff, double? ReliableChangePoints)
{
    /// <summary>Is this score at caseness (on the worse side of the cutoff)? Null when the score is missing or there is no cutoff.</summary>
    public bool? IsCase(double? score) => score is { } s && Cutoff is { } c ? (HigherIsBetter ? s < c : s >= c) : null;

    public double? Rci(double? pre, double? post) => ReliableChange.Index(pre, post, ReferenceSd, Reliability);

    /// <summary>Change in the better direction: positive is better, whatever the measure's direction.</summary>
    private double? Gain(double? pre, double? post) => pre is { } a && post is { } b ? (HigherIsBetter ? b - a : a - b) : null;

    /// <summary>The one place each measure's "reliable" is decided: the fixed threshold when set, else |RCI| &gt; 1.96.</summary>
    private bool? Reliable(double? pre, double? post, int sign)
    {
        if (Gain(pre, post) is not { } gain)
            return null;
        var directed = sign * gain;
        if (ReliableChangePoints is { } points)
            return directed >= points;
        return directed > 0 && ReliableChange.IsReliable(Rci(pre, post)!.Value);
    }

    public bool? ReliableImprovement(double? pre, double? post) => Reliable(pre, post, +1);

    public bool? ReliableDeterioration(double? pre, double? post) => Reliable(pre, post, -1);

    /// <summary>Recovery on this measure alone: a case at baseline, not a case later; null when not a case at baseline (not applicable) or missing.</summary>
    public bool? Recovery(double? pre, double? post) =>
        IsCase(pre) is true && IsCase(post) is { } later ? !later : null;

    /// <summary>
    /// Jacobson and Truax's clinically significant change on this measure: reliable improvement and crossing the cutoff
    /// from caseness (the same as reliable recovery on this measure alone).
    /// </summary>
    public bool? ClinicallySignificant(double? pre, double? post) =>
        Recovery(pre, post) is { } recovered && ReliableImprovement(pre, post) is { } improved ? recovered && improved : null;
}
