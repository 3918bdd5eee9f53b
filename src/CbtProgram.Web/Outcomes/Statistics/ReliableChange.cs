namespace CbtProgram.Web.Outcomes.Statistics;

/// <summary>
/// Jacobson and Truax's reliable change index (Jacobson NS, Truax P. Clinical significance: a statistical approach to
/// defining meaningful change in psychotherapy research. J Consult Clin Psychol 1991;59:12-19).
/// SEdiff = SD · √2 · √(1 − r), with SD the measure's reference (baseline) standard deviation and r its reliability;
/// RCI = (post − pre) / SEdiff; the change is reliable when |RCI| &gt; 1.96 (two-sided 95 %).
/// </summary>
public static class ReliableChange
{
    public const double Critical = 1.96;

    public static double StandardErrorOfDifference(double referenceSd, double reliability)
    {
        if (referenceSd <= 0 || reliability is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(reliability), "needs a positive SD and a reliability in [0, 1)");
        return referenceSd * Math.Sqrt(2) * Math.Sqrt(1 - reliability);
    }

    /// <summary>The index, or null when either point is missing.</summary>
    public static double? Index(double? pre, double? post, double referenceSd, double reliability) =>
        pre is { } a && post is { } b ? (b - a) / StandardErrorOfDifference(referenceSd, reliability) : null;

    /// <summary>Reliable: beyond ±1.96 (exactly 1.96 is not).</summary>
    public static bool IsReliable(double rci) => Math.Abs(rci) > Critical;

    /// <summary>The smallest change in raw points that is reliable: 1.96 · SEdiff (a change must exceed it).</summary>
    public static double Threshold(double referenceSd, double reliability) => Critical * StandardErrorOfDifference(referenceSd, reliability);

    /// <summary>
    /// Jacobson and Truax's criterion c: the point between the clinical and the functional populations' means, weighted by
    /// their SDs: (SD₀·M₁ + SD₁·M₀) / (SD₀ + SD₁).
    /// </summary>
    public static double CriterionC(double clinicalMean, double clinicalSd, double functionalMean, double functionalSd) =>
        (clinicalSd * functionalMean + functionalSd * clinicalMean) / (clinicalSd + functionalSd);
}
