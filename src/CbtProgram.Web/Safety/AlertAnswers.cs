using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Safety;

namespace CbtProgram.Web.Safety;

/// <summary>One item of the questionnaire behind an alert: its wording, the answer given, and whether it raised the alert.</summary>
public sealed record ItemAnswer(int Item, string Question, int? Value, string Answer, bool RaisedRisk);

/// <summary>The item-level answers behind an alert, worded as the patient saw them (so "question 9: Nearly every day (3)").</summary>
public static class AlertAnswers
{
    public static IReadOnlyList<ItemAnswer> Of(RiskAlert alert, IReadOnlyList<MeasureDefinition> measures)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var measure = measures.FirstOrDefault(m => m.Id == alert.MeasureId);
        if (measure is null || alert.Answers.Length != measure.Items.Count)
            return [];
        return measure.Items.Select((item, i) =>
        {
            var value = alert.Answers[i];
            var label = value is null ? "not answered"
                : measure.AnswerFor(item).Options.FirstOrDefault(o => o.Value == value)?.Label is { } option ? $"{option} ({value})" : $"{value}";
            var risky = value is { } v && measure.RiskRules.Any(r => r.Item == item.Id && v > (r.Above ?? 0));
            return new ItemAnswer(item.Id, item.Text, value, label, risky);
        }).ToList();
    }

    /// <summary>"PHQ-9, weekly check-in of week 3" and the like.</summary>
    public static string Source(RiskAlert alert, IReadOnlyList<MeasureDefinition> measures)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var name = measures.FirstOrDefault(m => m.Id == alert.MeasureId)?.Name ?? alert.MeasureId;
        var point = alert.Point switch
        {
            Domain.Measures.AssessmentPoints.Weekly => $"weekly check-in of week {alert.Week}",
            Domain.Measures.AssessmentPoints.FollowUp => "follow-up",
            var other => $"{other} questionnaires",
        };
        return $"{name}, {point}{(alert.MeasureResponseId is null ? " (not finished)" : "")}";
    }
}
