using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.Web.Demo;

/// <summary>Synthetic questionnaire answers for demo and benchmark patients.</summary>
public static class DemoAnswers
{
    /// <summary>Plausible answers that ease a little with each week; item 9 of the PHQ-9 stays at 0.</summary>
    public static MeasureResponse For(Guid patientId, MeasureDefinition measure, string point, int week,
        DateTimeOffset at, Random random, int ease)
    {
        var answers = measure.Items.Select(item =>
        {
            var format = measure.AnswerFor(item);
            if (measure.Id == "phq-9" && item.Id == 9)
                return 0;
            var high = format.Type == AnswerFormat.ChoiceType ? format.Highest : Math.Min(format.Highest, 6);
            var value = measure.Id == "who-5" ? random.Next(1, 3) + ease / 4 : Math.Max(0, random.Next(1, high) - ease / 3);
            return Math.Clamp(value, format.Lowest, format.Highest);
        }).ToArray();
        var score = answers.Sum() * measure.Scoring.Multiplier;
        return new MeasureResponse(patientId, measure.Id, point, week, answers, score, measure.BandFor(score), at);
    }

    /// <summary>A plausible diary day: a headache on about 4 days in 10 (6 with heavy medicine use), medicine on some of them.</summary>
    public static DiaryDay DiaryDay(Random random, bool heavyMedication)
    {
        var headache = random.NextDouble() < (heavyMedication ? 0.6 : 0.4);
        var medicine = headache && random.NextDouble() < (heavyMedication ? 0.9 : 0.5);
        return new DiaryDay(headache, headache ? random.Next(3, 8) : null, headache ? random.Next(2, 9) : null, medicine,
            medicine ? "Paracetamol, as on the packet" : null, headache ? (random.NextDouble() < 0.5 ? "Short night" : "Long day at the screen") : null,
            random.Next(3, 8), random.Next(12, 17) / 2m);
    }
}
