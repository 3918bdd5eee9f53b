using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>What makes a questionnaire file usable: answers to score, bands that cover every score, rules that point at real items.</summary>
public static class MeasureRules
{
    /// <summary>Licensed measures that must never ship (PROGRAM.md).</summary>
    public static readonly IReadOnlyList<string> Forbidden = ["hit-6"];

    public static IEnumerable<CurriculumProblem> Check(string file, string yaml, MeasureDefinition m, string expectedId)
    {
        CurriculumProblem At(string key, string message) => new(file, CurriculumFolderReader.LineOfKey(yaml, key), message);

        if (Forbidden.Contains(m.Id.ToLowerInvariant()))
            yield return At("id", $"{m.Name} is licensed and must not be shipped");
        if (m.Id != expectedId)
            yield return At("id", $"id '{m.Id}' should match the file name '{expectedId}'");
        if (string.IsNullOrWhiteSpace(m.Name) || string.IsNullOrWhiteSpace(m.Instructions))
            yield return At("name", "a measure needs a name and instructions");
        if (m.Items.Count == 0)
            yield return At("items", "a measure needs at least one item");
        if (m.Items.Select(i => i.Id).Distinct().Count() != m.Items.Count)
            yield return At("items", "item ids must be unique");

        foreach (var item in m.Items)
        {
            var answer = m.AnswerFor(item);
            if (string.IsNullOrWhiteSpace(item.Text))
                yield return At("items", $"item {item.Id} has no text");
            if (answer.Type == AnswerFormat.ChoiceType && answer.Options.Count < 2)
                yield return At("answer", $"item {item.Id} needs at least two answer options");
            else if (answer.Type == AnswerFormat.DaysType && (answer.Min is null || answer.Max is null || answer.Min >= answer.Max))
                yield return At("answer", $"item {item.Id} needs a min below its max");
            else if (answer.Type is not (AnswerFormat.ChoiceType or AnswerFormat.DaysType))
                yield return At("answer", $"item {item.Id} has unknown answer type '{answer.Type}' (known: choice, days)");
        }

        if (m.Scoring.Method != "sum")
            yield return At("scoring", $"unknown scoring method '{m.Scoring.Method}' (known: sum)");
        if (m.Items.Count > 0 && m.Items.All(i => m.AnswerFor(i).Type is AnswerFormat.ChoiceType or AnswerFormat.DaysType))
        {
            var highest = m.Items.Where(i => i.Scored).Sum(i => SafeHighest(m.AnswerFor(i))) * m.Scoring.Multiplier;
            if (highest != m.Scoring.Max)
                yield return At("scoring", $"the highest possible score is {highest}, but scoring says max {m.Scoring.Max}");
        }

        var expected = m.Scoring.Min;
        foreach (var band in m.Bands.OrderBy(b => b.Min))
        {
            if (band.Min != expected)
                yield return At("bands", $"the bands leave a gap or overlap at {expected} (next band starts at {band.Min})");
            expected = band.Max + 1;
        }
        if (m.Bands.Count > 0 && expected != m.Scoring.Max + 1)
            yield return At("bands", $"the bands end at {expected - 1}, but scores go up to {m.Scoring.Max}");

        foreach (var rule in m.RiskRules)
        {
            if (rule.Item is { } item && m.Items.All(i => i.Id != item))
                yield return At("risk_rules", $"a risk rule names item {item}, which does not exist");
            if (rule.Item is null && rule.TotalAtLeast is null)
                yield return At("risk_rules", "a risk rule needs an item or a total_at_least");
        }
    }

    private static int SafeHighest(AnswerFormat answer) =>
        answer.Type == AnswerFormat.ChoiceType ? (answer.Options.Count == 0 ? 0 : answer.Highest) : answer.Max ?? 0;
}
