using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>One questionnaire score as the outcome summary reads it.</summary>
public sealed record ScoreAt(string MeasureId, string Point, int Week, double Score, DateTimeOffset SubmittedAt);

/// <summary>
/// Everything one patient's outcome summary is computed from: their scores, their diary, the dates that align the diary
/// windows (week 1's local start date, the local date week 12 ends, the follow-up's local date), and the measures' rules.
/// </summary>
public sealed record PatientOutcomeInputs(
    IReadOnlyList<ScoreAt> Scores, IReadOnlyList<DiaryDayFigures> Diary, DateOnly? Week1Start, DateOnly? Week12End, DateOnly? FollowUpDate,
    IReadOnlyDictionary<string, MeasureOutcomeRules> Rules, int MidWeek = 6, int PostWeek = 12);

/// <summary>
/// Puts one patient's outcome summary together (pure): a row per questionnaire (baseline, mid, post, follow-up, change,
/// reliable change and the classifications at post and at follow-up), the NHS Talking Therapies pair, and the diary
/// figures over the aligned windows: baseline = the 28 days before week 1's start date, post = the 28 days before week 12
/// ends (weeks 9-12), follow-up = the 28 days before the follow-up date.
/// </summary>
public static class PatientOutcomeCalculator
{
    public static IReadOnlyList<OutcomeFigures> Compute(PatientOutcomeInputs input)
    {
        var rows = new List<OutcomeFigures>();
        var scores = new Dictionary<string, Points>();
        foreach (var measure in OutcomeMeasures.Questionnaires)
        {
            var points = PointsOf(input, measure);
            scores[measure] = points;
            rows.Add(input.Rules.TryGetValue(measure, out var rules) ? Questionnaire(measure, points, rules, input.Week1Start)
                : new OutcomeFigures(measure) { StartDate = input.Week1Start, Baseline = points.Baseline, Mid = points.Mid, Post = points.Post, FollowUp = points.FollowUp });
        }
        rows.Add(Paired(input, scores));
        rows.AddRange(Diary(input));
        return rows;
    }

    private sealed record Points(double? Baseline, double? Mid, double? Post, double? FollowUp);

    /// <summary>
    /// A point's score: the answer given at that point (the latest if there were two); for mid and post, failing that, the
    /// weekly answer of that week (one PHQ-9 a week counts for the weekly check-in, mid and post alike: AssessmentPlan).
    /// </summary>
    private static Points PointsOf(PatientOutcomeInputs input, string measure)
    {
        var mine = input.Scores.Where(s => s.MeasureId == measure).OrderBy(s => s.SubmittedAt).ToList();
        double? At(string point, int? weeklyWeek = null) =>
            mine.LastOrDefault(s => s.Point == point)?.Score
            ?? (weeklyWeek is { } w ? mine.LastOrDefault(s => s.Point == AssessmentPoints.Weekly && s.Week == w)?.Score : null);
        return new Points(At(AssessmentPoints.Baseline), At(AssessmentPoints.Mid, input.MidWeek), At(AssessmentPoints.Post, input.PostWeek), At(AssessmentPoints.FollowUp));
    }

    private static OutcomeFigures Questionnaire(string measure, Points p, MeasureOutcomeRules rules, DateOnly? start) => new(measure)
    {
        StartDate = start, Baseline = p.Baseline, Mid = p.Mid, Post = p.Post, FollowUp = p.FollowUp,
        ChangePost = p.Post - p.Baseline, ChangeFollowUp = p.FollowUp - p.Baseline,
        RciPost = rules.Rci(p.Baseline, p.Post), RciFollowUp = rules.Rci(p.Baseline, p.FollowUp),
        CaseAtBaseline = rules.IsCase(p.Baseline), CaseAtPost = rules.IsCase(p.Post), CaseAtFollowUp = rules.IsCase(p.FollowUp),
        ReliableImprovementPost = rules.ReliableImprovement(p.Baseline, p.Post),
        ReliableImprovementFollowUp = rules.ReliableImprovement(p.Baseline, p.FollowUp),
        ReliableDeteriorationPost = rules.ReliableDeterioration(p.Baseline, p.Post),
        ReliableDeteriorationFollowUp = rules.ReliableDeterioration(p.Baseline, p.FollowUp),
        RecoveryPost = rules.Recovery(p.Baseline, p.Post), RecoveryFollowUp = rules.Recovery(p.Baseline, p.FollowUp),
        ReliableRecoveryPost = rules.ClinicallySignificant(p.Baseline, p.Post),
        ReliableRecoveryFollowUp = rules.ClinicallySignificant(p.Baseline, p.FollowUp),
    };

    private static OutcomeFigures Paired(PatientOutcomeInputs input, Dictionary<string, Points> scores)
    {
        var row = new OutcomeFigures(OutcomeMeasures.TalkingTherapies) { StartDate = input.Week1Start };
        if (!input.Rules.TryGetValue(OutcomeMeasures.Phq9, out var phq9) || !input.Rules.TryGetValue(OutcomeMeasures.Gad7, out var gad7))
            return row;
        var (p, g) = (scores[OutcomeMeasures.Phq9], scores[OutcomeMeasures.Gad7]);
        var post = TalkingTherapies.Classify(phq9, p.Baseline, p.Post, gad7, g.Baseline, g.Post);
        var followUp = TalkingTherapies.Classify(phq9, p.Baseline, p.FollowUp, gad7, g.Baseline, g.FollowUp);
        return row with
        {
            CaseAtBaseline = post.CaseAtBaseline,
            CaseAtPost = p.Post is null || g.Post is null ? null : phq9.IsCase(p.Post) is true || gad7.IsCase(g.Post) is true,
            CaseAtFollowUp = p.FollowUp is null || g.FollowUp is null ? null : phq9.IsCase(p.FollowUp) is true || gad7.IsCase(g.FollowUp) is true,
            ReliableImprovementPost = post.ReliableImprovement, ReliableImprovementFollowUp = followUp.ReliableImprovement,
            ReliableDeteriorationPost = post.ReliableDeterioration, ReliableDeteriorationFollowUp = followUp.ReliableDeterioration,
            RecoveryPost = post.Recovery, RecoveryFollowUp = followUp.Recovery,
            ReliableRecoveryPost = post.ReliableRecovery, ReliableRecoveryFollowUp = followUp.ReliableRecovery,
        };
    }

    /// <summary>The three aligned diary windows (null where the date is not known yet, e.g. no schedule).</summary>
    public static (DiaryWindowFigures? Baseline, DiaryWindowFigures? Post, DiaryWindowFigures? FollowUp) Windows(PatientOutcomeInputs input)
    {
        DiaryWindowFigures? Window(DateOnly? end)
        {
            if (end is not { } e)
                return null;
            var (from, to) = HeadacheWindow.Before(e);
            return HeadacheWindow.Summarise(input.Diary, from, to);
        }
        return (Window(input.Week1Start), Window(input.Week12End), Window(input.FollowUpDate));
    }

    private static IEnumerable<OutcomeFigures> Diary(PatientOutcomeInputs input)
    {
        var (baseline, post, followUp) = Windows(input);
        OutcomeFigures Row(string measure, Func<DiaryWindowFigures, double?> figure)
        {
            var (b, p, f) = (baseline is null ? null : figure(baseline), post is null ? null : figure(post), followUp is null ? null : figure(followUp));
            return new OutcomeFigures(measure)
            {
                StartDate = input.Week1Start, Baseline = b, Post = p, FollowUp = f,
                BaselineDiaryDays = baseline?.RecordedDays, PostDiaryDays = post?.RecordedDays, FollowUpDiaryDays = followUp?.RecordedDays,
                ChangePost = p - b, ChangeFollowUp = f - b,
            };
        }
        var days = Row(OutcomeMeasures.HeadacheDays, w => w.HeadacheDaysPer28);
        yield return days with
        {
            ResponderPost = HeadacheWindow.Responder(days.Baseline, days.Post),
            ResponderFollowUp = HeadacheWindow.Responder(days.Baseline, days.FollowUp),
        };
        yield return Row(OutcomeMeasures.PeakIntensity, w => w.MeanPeakIntensity);
        yield return Row(OutcomeMeasures.HeadacheIndex, w => w.HeadacheIndex);
        yield return Row(OutcomeMeasures.MedicineDays, w => w.AcuteMedicineDaysPer28);
    }
}
