namespace CbtProgram.Web.Outcomes.Statistics;

/// <summary>A within-group effect size with its 95 % confidence interval (null where it cannot be computed).</summary>
public sealed record EffectSize(int N, double? CohensD, double? CohensDLow, double? CohensDHigh, double? HedgesG, double? HedgesGLow, double? HedgesGHigh);

/// <summary>A rate with its denominator and Wilson's 95 % interval.</summary>
public sealed record Rate(int Count, int Denominator, double? Proportion, double? Low, double? High);

/// <summary>
/// Group statistics for the service report. Missing values are left out (never imputed); each result carries its n.
/// </summary>
public static class GroupStatistics
{
    public const double Z95 = 1.959963984540054;

    public static double? Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? null : values.Average();

    /// <summary>Sample standard deviation (n − 1); null below two values.</summary>
    public static double? StandardDeviation(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2)
            return null;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Pearson's r; null below three pairs or when either side has no spread.</summary>
    public static double? Correlation(IReadOnlyList<(double Pre, double Post)> pairs)
    {
        if (pairs.Count < 3)
            return null;
        var (mx, my) = (pairs.Average(p => p.Pre), pairs.Average(p => p.Post));
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var (x, y) in pairs)
        {
            sxy += (x - mx) * (y - my);
            sxx += (x - mx) * (x - mx);
            syy += (y - my) * (y - my);
        }
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>
    /// Within-group (pre-post) effect size over the patients with both points (completers of that measure):
    /// d = mean(post − pre) / SD(pre), standardised by the baseline SD of those same patients (Becker 1988, "d with the
    /// pretest SD"); negative when scores went down. Hedges' g = J · d with J = 1 − 3 / (4(n − 1) − 1) (Hedges and Olkin
    /// 1985, small-sample correction, df = n − 1). 95 % CI: d ± 1.96 · √V with V = 2(1 − r)/n + d²/(2n), r the pre-post
    /// correlation (Becker BJ. Synthesizing standardized mean-change measures. Br J Math Stat Psychol 1988;41:257-278);
    /// g's interval is J times d's. d needs n ≥ 2 and a baseline SD above 0; g and the intervals need n ≥ 3, the intervals
    /// also an r (both sides with some spread).
    /// </summary>
    public static EffectSize WithinGroup(IReadOnlyList<(double Pre, double Post)> pairs) =>
        WithinGroup(pairs.Count, pairs.Count == 0 ? null : pairs.Average(p => p.Post - p.Pre),
            StandardDeviation(pairs.Select(p => p.Pre).ToList()), Correlation(pairs));

    /// <summary>
    /// The same effect size from sums a database computed over the pairs (n, mean change, baseline SD with n − 1, Pearson's
    /// r; null where it has none), so a report need not load the patients (service report, added by the report helper).
    /// </summary>
    public static EffectSize WithinGroup(int n, double? meanChange, double? baselineSd, double? correlation)
    {
        if (baselineSd is not { } s || s == 0 || meanChange is not { } change || n < 2)
            return new EffectSize(n, null, null, null, null, null, null);
        var d = change / s;
        if (n < 3)
            return new EffectSize(n, d, null, null, null, null, null); // J is 0 at n = 2: no g
        var j = HedgesCorrection(n);
        var g = j * d;
        if (correlation is not { } r)
            return new EffectSize(n, d, null, null, g, null, null);
        var half = Z95 * Math.Sqrt(2 * (1 - r) / n + d * d / (2 * n));
        return new EffectSize(n, d, d - half, d + half, g, g - j * half, g + j * half);
    }

    /// <summary>Hedges and Olkin's J for df = n − 1.</summary>
    public static double HedgesCorrection(int n) => 1 - 3.0 / (4 * (n - 1) - 1);

    /// <summary>
    /// Wilson's score interval (Wilson EB. J Am Stat Assoc 1927;22:209-212; Newcombe RG. Stat Med 1998;17:857-872):
    /// (p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n). No interval for a denominator of 0.
    /// </summary>
    public static Rate Wilson(int count, int denominator)
    {
        if (count < 0 || count > denominator)
            throw new ArgumentOutOfRangeException(nameof(count), "a count must lie between 0 and its denominator");
        if (denominator == 0)
            return new Rate(0, 0, null, null, null);
        double n = denominator, p = count / n, z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new Rate(count, denominator, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>The rate of true among the known answers (null = not known, left out of the denominator).</summary>
    public static Rate RateOf(IEnumerable<bool?> answers)
    {
        var known = answers.Where(a => a is not null).ToList();
        return Wilson(known.Count(a => a == true), known.Count);
    }
}
