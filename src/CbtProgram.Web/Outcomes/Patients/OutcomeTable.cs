using System.Globalization;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>One row of the therapist's outcome table, as text; the later-point cells say "Post: …" and "Follow-up: …".</summary>
public sealed record OutcomeTableRow(string Label, string Baseline, string Mid, string Post, string FollowUp,
    IReadOnlyList<string> Change, IReadOnlyList<string> Rci, IReadOnlyList<string> Reliable, IReadOnlyList<string> Classification);

/// <summary>The therapist's outcome table for one patient, with the thresholds and reliabilities it rests on.</summary>
public sealed record OutcomeTable(IReadOnlyList<OutcomeTableRow> Rows, IReadOnlyList<string> Rules, string? BaselineDiaryShortfall)
{
    public const string NotAnswered = "not answered";
    public const string NotEnoughDays = "not enough diary days";
    public const string NotAsked = "not asked";

    /// <param name="figures">The patient's stored summary.</param>
    /// <param name="measures">The measure files (names, outcome rules and their sources).</param>
    /// <param name="midMeasures">The measures the program asks at mid (the others show "not asked").</param>
    public static OutcomeTable Build(IReadOnlyList<OutcomeFigures> figures, IReadOnlyList<MeasureDefinition> measures, IReadOnlyCollection<string> midMeasures)
    {
        var rows = new List<OutcomeTableRow>();
        var rules = new List<string>();
        foreach (var id in OutcomeMeasures.Questionnaires)
        {
            if (figures.FirstOrDefault(f => f.MeasureId == id) is not { } f || measures.FirstOrDefault(m => m.Id == id) is not { } measure)
                continue;
            var row = Questionnaire(measure.Name + (id == OutcomeMeasures.Who5 ? " (%)" : id == OutcomeMeasures.Midas ? " (days)" : ""), f);
            rows.Add(midMeasures.Contains(id) || f.Mid is not null ? row : row with { Mid = NotAsked });
            if (measure.Outcomes is { } o)
                rules.Add(RuleText(measure.Name, o));
        }
        if (figures.FirstOrDefault(f => f.MeasureId == OutcomeMeasures.TalkingTherapies) is { } pair)
            rows.Add(new OutcomeTableRow("NHS Talking Therapies (PHQ-9 and GAD-7)", Case(pair.CaseAtBaseline), "", Case(pair.CaseAtPost), Case(pair.CaseAtFollowUp),
                [], [], Both(Reliable(pair.ReliableImprovementPost, pair.ReliableDeteriorationPost), Reliable(pair.ReliableImprovementFollowUp, pair.ReliableDeteriorationFollowUp)),
                Both(Recovery(pair.RecoveryPost, pair.ReliableRecoveryPost, pair.CaseAtBaseline), Recovery(pair.RecoveryFollowUp, pair.ReliableRecoveryFollowUp, pair.CaseAtBaseline))));
        rules.Add("NHS Talking Therapies: caseness PHQ-9 10 or more or GAD-7 8 or more; reliable improvement PHQ-9 down 6 or more or GAD-7 down 4 or more, "
            + "neither reliably worse; recovery: a case at baseline, below caseness on both later; reliable recovery: both.");
        string? shortfall = null;
        foreach (var (id, label, digits) in new[] { (OutcomeMeasures.HeadacheDays, "Headache days per 28", 1), (OutcomeMeasures.PeakIntensity, "Mean peak intensity (0-10)", 1),
                     (OutcomeMeasures.HeadacheIndex, "Headache index per 28", 0), (OutcomeMeasures.MedicineDays, "Acute-medicine days per 28", 1) })
        {
            if (figures.FirstOrDefault(f => f.MeasureId == id) is not { } f)
                continue;
            rows.Add(Diary(label, f, digits));
            if (f.BaselineDiaryDays is { } days && days < HeadacheWindow.Days)
                shortfall = $"Baseline diary: {days} of {HeadacheWindow.Days} days recorded before week 1 ({HeadacheWindow.MinimumDays} needed for the figures).";
        }
        rules.Add($"Diary windows: baseline = the {HeadacheWindow.Days} days before week 1; post = the {HeadacheWindow.Days} days before week 12 ends (weeks 9-12); "
            + $"follow-up = the {HeadacheWindow.Days} days before the follow-up date. Figures are scaled to 28 by the days recorded and need {HeadacheWindow.MinimumDays} recorded days. "
            + "Headache index: sum of daily peak intensity (0 on headache-free days) per 28 recorded days. Responder: headache days per 28 down by half or more.");
        return new OutcomeTable(rows, rules, shortfall);
    }

    private static OutcomeTableRow Questionnaire(string label, OutcomeFigures f) => new(label,
        Score(f.Baseline), Score(f.Mid), Score(f.Post), Score(f.FollowUp),
        Both(Signed(f.ChangePost), Signed(f.ChangeFollowUp)), Both(Number(f.RciPost, 2), Number(f.RciFollowUp, 2)),
        Both(Reliable(f.ReliableImprovementPost, f.ReliableDeteriorationPost), Reliable(f.ReliableImprovementFollowUp, f.ReliableDeteriorationFollowUp)),
        Both(Recovery(f.RecoveryPost, f.ReliableRecoveryPost, f.CaseAtBaseline), Recovery(f.RecoveryFollowUp, f.ReliableRecoveryFollowUp, f.CaseAtBaseline)));

    private static OutcomeTableRow Diary(string label, OutcomeFigures f, int digits) => new(label,
        Window(f.Baseline, f.BaselineDiaryDays, digits), "", Window(f.Post, f.PostDiaryDays, digits), Window(f.FollowUp, f.FollowUpDiaryDays, digits),
        Both(Signed(f.ChangePost, digits), Signed(f.ChangeFollowUp, digits)), [], [],
        f.MeasureId == OutcomeMeasures.HeadacheDays ? Both(Responder(f.ResponderPost), Responder(f.ResponderFollowUp)) : []);

    private static string RuleText(string name, MeasureOutcomeSettings o)
    {
        var rules = o.Rules(name);
        var reliable = o.ReliableChange?.Points is { } points
            ? $"reliable change {points:0} points or more ({o.ReliableChange.Source})"
            : $"reliable change |RCI| > 1.96, i.e. more than {ReliableChange.Threshold(rules.ReferenceSd, rules.Reliability).ToString("0.0", CultureInfo.InvariantCulture)} points";
        var cutoff = o.Caseness?.Number is { } c ? $"; caseness {(rules.HigherIsBetter ? "below" : "at or above")} {c:0} ({o.Caseness.Source})" : "";
        return $"{name}: {(rules.HigherIsBetter ? "higher" : "lower")} is better; reliability {rules.Reliability:0.00} ({o.Reliability.Source}); "
            + $"RCI = change / (SD {rules.ReferenceSd:0.0} × √2 × √(1 − r)) ({o.ReferenceSd.Source}); {reliable}{cutoff}.";
    }

    private static IReadOnlyList<string> Both(string post, string followUp) => [$"Post: {post}", $"Follow-up: {followUp}"];
    private static string Score(double? v) => v is { } s ? s.ToString("0", CultureInfo.InvariantCulture) : NotAnswered;
    private static string Number(double? v, int digits) => v is { } s ? s.ToString(digits == 0 ? "0" : "0." + new string('0', digits), CultureInfo.InvariantCulture) : "–";
    private static string Signed(double? v, int digits = 0) => v is { } s ? (s > 0 ? "+" : "") + Number(s, digits) : "–";
    private static string Window(double? v, int? days, int digits) =>
        days is null ? "no date yet" : v is { } x ? $"{Number(x, digits)} ({days} days)" : $"{NotEnoughDays} ({days} of {HeadacheWindow.Days})";
    private static string Case(bool? c) => c switch { true => "case", false => "not a case", null => NotAnswered };
    private static string Reliable(bool? improved, bool? deteriorated) => (improved, deteriorated) switch
    {
        (true, _) => "reliable improvement",
        (_, true) => "reliable deterioration",
        (false, false) => "no reliable change",
        _ => "–",
    };
    private static string Recovery(bool? recovered, bool? reliably, bool? caseAtBaseline) => (recovered, reliably, caseAtBaseline) switch
    {
        (true, true, _) => "reliable recovery",
        (true, _, _) => "recovery (not reliable)",
        (false, _, _) => "not recovered",
        (null, _, false) => "not a case at baseline",
        _ => "–",
    };
    private static string Responder(bool? responder) => responder switch { true => "responder (50%+ fewer)", false => "not a responder", null => "–" };
}
