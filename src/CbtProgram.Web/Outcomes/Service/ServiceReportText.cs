using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.Web.Outcomes.Service;

/// <summary>How the report's figures are written on the page and in print.</summary>
public static class ServiceReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string MeasureName(string id) => id switch
    {
        OutcomeMeasures.TalkingTherapies => "NHS Talking Therapies (PHQ-9 and GAD-7)",
        OutcomeMeasures.Phq9 => "PHQ-9 (depression)",
        OutcomeMeasures.Gad7 => "GAD-7 (anxiety)",
        OutcomeMeasures.Who5 => "WHO-5 (well-being, %)",
        OutcomeMeasures.Midas => "MIDAS (headache disability, days)",
        OutcomeMeasures.HeadacheDays => "Headache days per 28",
        OutcomeMeasures.PeakIntensity => "Mean peak intensity (0-10)",
        OutcomeMeasures.HeadacheIndex => "Headache index per 28 days",
        OutcomeMeasures.MedicineDays => "Acute-medicine days per 28",
        _ => id,
    };

    public static string PointName(string point) => point switch
    {
        "Baseline" => "Baseline",
        "Mid" => "Mid (week 6)",
        "Post" => "Post (week 12)",
        "FollowUp" => "Follow-up (4 months)",
        _ => point,
    };

    public static string ClassificationName(string rate) => rate switch
    {
        "ReliableImprovement" => "Reliable improvement",
        "Recovery" => "Recovery",
        "ReliableRecovery" => "Reliable recovery",
        "ReliableDeterioration" => "Reliable deterioration",
        "Responder" => "Headache response (50% fewer headache days)",
        _ => rate,
    };

    public static string Number(double? value, int decimals = 1) => value is { } v ? v.ToString("F" + decimals, Invariant) : "–";

    public static string Interval(double? low, double? high) => low is { } l && high is { } h ? $"{l.ToString("F2", Invariant)} to {h.ToString("F2", Invariant)}" : "–";

    public static string Percent(double? proportion) => proportion is { } p ? (100 * p).ToString("F1", Invariant) + "%" : "–";

    public static string RateText(Rate rate) => rate.Denominator == 0 ? "no one to count (0)"
        : $"{rate.Count} of {rate.Denominator} ({Percent(rate.Proportion)}; 95% CI {Percent(rate.Low)} to {Percent(rate.High)})";

    public sealed record RateRow(string Name, MeasureSummary? Source, string Key)
    {
        public Rate? At(string point) => Source?.Rates[Key + point];
    }

    /// <summary>The headline rates: NHS Talking Therapies' four from the paired row, headache response from the diary row.</summary>
    public static IReadOnlyList<RateRow> RateRows(ServiceReportResult report)
    {
        var tt = report.Measures.FirstOrDefault(m => m.MeasureId == OutcomeMeasures.TalkingTherapies);
        var headache = report.Measures.FirstOrDefault(m => m.MeasureId == OutcomeMeasures.HeadacheDays);
        return new[] { "ReliableImprovement", "Recovery", "ReliableRecovery", "ReliableDeterioration" }
            .Select(k => new RateRow(ClassificationName(k), tt, k)).Append(new RateRow(ClassificationName("Responder"), headache, "Responder")).ToList();
    }

    /// <summary>The rates at post as horizontal bars (an SVG image; the table beside it is its text alternative).</summary>
    public static IHtmlContent RatesChart(IReadOnlyList<RateRow> rows)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="report-chart mb-2" role="img" aria-labelledby="rates-chart-title" viewBox="0 0 640 {rows.Count * 40 + 10}" width="100%" preserveAspectRatio="xMinYMin meet">""");
        svg.Append("""<title id="rates-chart-title">Rates at post as bars; the table below gives every figure</title>""");
        for (var i = 0; i < rows.Count; i++)
        {
            var rate = rows[i].At("Post");
            var width = (rate?.Proportion ?? 0) * 300;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{i * 40 + 26}" fill="currentColor" font-size="18">{WebUtility.HtmlEncode(rows[i].Name.Split(" (")[0])}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="250" y="{i * 40 + 10}" width="{width:F1}" height="22" fill="currentColor" opacity="0.6"></rect>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{255 + width:F1}" y="{i * 40 + 26}" fill="currentColor" font-size="18">{Percent(rate?.Proportion)}</text>""");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }
}
