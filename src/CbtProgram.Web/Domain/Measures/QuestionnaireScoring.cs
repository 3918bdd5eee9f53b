using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Domain.Measures;

/// <summary>
/// The outcome of scoring a questionnaire: what was wrong with the answers, the item answers as given (null for an item
/// not answered, or not answered with an allowed value), the score and band when complete, and the risk reasons.
/// Risk is judged on whatever was answered, complete or not: a lone item-9 answer is never lost.
/// </summary>
public sealed record ScoredAnswers(
    IReadOnlyList<string> Problems, int?[] Given, int Score, string? Band, IReadOnlyList<string> RiskReasons)
{
    public bool IsValid => Problems.Count == 0;
    public bool RaisesRisk => RiskReasons.Count > 0;

    /// <summary>The answers of a complete questionnaire, in item order.</summary>
    public int[] Answers => IsValid ? Given.Select(v => v!.Value).ToArray() : throw new InvalidOperationException("An incomplete questionnaire has no full set of answers.");
}

/// <summary>Checks and scores answers against a measure's definition: sum times multiplier, its band, its risk rules.</summary>
public static class QuestionnaireScoring
{
    /// <summary>Answers are item id to the value given; missing items are named in the problems.</summary>
    public static ScoredAnswers Score(MeasureDefinition measure, IReadOnlyDictionary<int, int?> answers)
    {
        var problems = new List<string>();
        var given = new int?[measure.Items.Count];
        var missing = new List<string>();
        for (var i = 0; i < measure.Items.Count; i++)
        {
            var item = measure.Items[i];
            if (!answers.TryGetValue(item.Id, out var value) || value is null)
            {
                missing.Add(item.Name);
                continue;
            }
            var format = measure.AnswerFor(item);
            var allowed = format.Type == AnswerFormat.ChoiceType
                ? format.Options.Any(o => o.Value == value)
                : value >= format.Lowest && value <= format.Highest;
            if (allowed)
                given[i] = value.Value;
            else
                problems.Add($"Question {item.Name}: {value} is not one of the answers (use {format.Lowest} to {format.Highest}).");
        }
        if (missing.Count > 0)
            problems.Insert(0, missing.Count == 1
                ? $"Please answer question {missing[0]}."
                : $"Please answer questions {string.Join(", ", missing.Take(missing.Count - 1))} and {missing[^1]}.");

        // The sum of what was answered to the scored items: for an incomplete questionnaire, the least its total can be.
        var score = measure.Total(given);
        var reasons = RiskReasons(measure, given, score);
        return problems.Count > 0
            ? new ScoredAnswers(problems, given, 0, null, reasons)
            : new ScoredAnswers([], given, score, measure.BandFor(score), reasons);
    }

    /// <summary>The risk reasons of answers already stored (a complete response), by the same rules.</summary>
    public static IReadOnlyList<string> RiskReasons(MeasureDefinition measure, int[] answers) =>
        RiskReasons(measure, answers.Select(a => (int?)a).ToArray(), measure.Total(answers.Select(a => (int?)a).ToArray()));

    private static List<string> RiskReasons(MeasureDefinition measure, int?[] given, int score)
    {
        var reasons = new List<string>();
        foreach (var rule in measure.RiskRules)
        {
            if (rule.Item is { } itemId)
            {
                var index = measure.Items.FindIndex(i => i.Id == itemId);
                if (index >= 0 && given[index] is { } value && value > (rule.Above ?? 0))
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
