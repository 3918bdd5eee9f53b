using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Domain.Measures;

/// <summary>The outcome of scoring a questionnaire: what was wrong with the answers, or the score, band and risk reasons.</summary>
public sealed record ScoredAnswers(
    IReadOnlyList<string> Problems, int[] Answers, int Score, string? Band, IReadOnlyList<string> RiskReasons)
{
    public bool IsValid => Problems.Count == 0;
    public bool RaisesRisk => RiskReasons.Count > 0;
}

/// <summary>Checks and scores answers against a measure's definition: sum times multiplier, its band, its risk rules.</summary>
public static class QuestionnaireScoring
{
    /// <summary>Answers are item id to the value given; missing items are named in the problems.</summary>
    public static ScoredAnswers Score(MeasureDefinition measure, IReadOnlyDictionary<int, int?> answers)
    {
        var problems = new List<string>();
        var values = new int[measure.Items.Count];
        var missing = new List<int>();
        for (var i = 0; i < measure.Items.Count; i++)
        {
            var item = measure.Items[i];
            if (!answers.TryGetValue(item.Id, out var value) || value is null)
            {
                missing.Add(item.Id);
                continue;
            }
            var format = measure.AnswerFor(item);
            var allowed = format.Type == AnswerFormat.ChoiceType
                ? format.Options.Any(o => o.Value == value)
                : value >= format.Lowest && value <= format.Highest;
            if (!allowed)
                problems.Add($"Question {item.Id}: {value} is not one of the answers (use {format.Lowest} to {format.Highest}).");
            values[i] = value.Value;
        }
        if (missing.Count > 0)
            problems.Insert(0, missing.Count == 1
                ? $"Please answer question {missing[0]}."
                : $"Please answer questions {string.Join(", ", missing.Take(missing.Count - 1))} and {missing[^1]}.");
        if (problems.Count > 0)
            return new ScoredAnswers(problems, values, 0, null, []);

        var score = values.Sum() * measure.Scoring.Multiplier;
        return new ScoredAnswers([], values, score, measure.BandFor(score), RiskReasons(measure, values, score));
    }

    private static List<string> RiskReasons(MeasureDefinition measure, int[] values, int score)
    {
        var reasons = new List<string>();
        foreach (var rule in measure.RiskRules)
        {
            if (rule.Item is { } itemId)
            {
                var index = measure.Items.FindIndex(i => i.Id == itemId);
                if (index >= 0 && values[index] > (rule.Above ?? 0))
                    reasons.Add(rule.Reason);
            }
            else if (rule.TotalAtLeast is { } threshold && score >= threshold)
            {
                reasons.Add(rule.Reason);
            }
        }
        return reasons;
    }
}
