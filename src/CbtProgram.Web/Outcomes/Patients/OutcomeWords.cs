using System.Globalization;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// The patient's own outcome summary in plain words (progress page): where each score started, where it was at the end
/// and four months later, and whether the change was big enough to be a real change rather than chance. No diagnosis
/// words; nothing about points not reached yet.
/// </summary>
public static class OutcomeWords
{
    private static readonly (string Id, string Name, string Meaning)[] Measures =
    [
        (OutcomeMeasures.Phq9, "mood questionnaire (PHQ-9)", "lower scores mean fewer signs of low mood"),
        (OutcomeMeasures.Gad7, "worry questionnaire (GAD-7)", "lower scores mean fewer signs of worry"),
        (OutcomeMeasures.Who5, "well-being questionnaire (WHO-5)", "higher scores mean better well-being"),
        (OutcomeMeasures.Midas, "headache questionnaire (MIDAS)", "lower scores mean headaches got in the way on fewer days"),
    ];

    public static IReadOnlyList<string> For(IReadOnlyList<OutcomeFigures> figures)
    {
        var lines = new List<string>();
        foreach (var (id, name, meaning) in Measures)
        {
            if (figures.FirstOrDefault(f => f.MeasureId == id) is not { Baseline: { } start } f || (f.Post is null && f.FollowUp is null))
                continue;
            var text = $"When you started, your score on the {name} was {N(start)}.";
            if (f.Post is { } end)
                text += $" At the end of the program it was {N(end)}: {Change(end - start, f.ReliableImprovementPost is true || f.ReliableDeteriorationPost is true)}";
            if (f.FollowUp is { } later)
                text += $" Four months later it was {N(later)}: {Change(later - start, f.ReliableImprovementFollowUp is true || f.ReliableDeteriorationFollowUp is true)}";
            lines.Add($"{text} On this one, {meaning}.");
        }
        if (figures.FirstOrDefault(f => f.MeasureId == OutcomeMeasures.HeadacheDays) is { Baseline: { } before } days && (days.Post is not null || days.FollowUp is not null))
        {
            var text = $"In the 4 weeks before you started, your diary shows headaches on about {N(before)} days in 28.";
            if (days.Post is { } post)
                text += $" In the last 4 weeks of the program it was about {N(post)} days in 28{(days.ResponderPost is true ? ", less than half as many as before" : "")}.";
            if (days.FollowUp is { } later)
                text += $" In the 4 weeks before your follow-up it was about {N(later)} days in 28{(days.ResponderFollowUp is true ? ", less than half as many as before" : "")}.";
            lines.Add(text);
        }
        return lines;
    }

    private static string N(double value) => Math.Round(value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);

    private static string Change(double change, bool real)
    {
        var points = Math.Abs(change);
        var unit = N(points) == "1" ? "point" : "points";
        if (points < 0.5)
            return "about the same as when you started.";
        var direction = change < 0 ? "down" : "up";
        return real
            ? $"your score went {direction} by {N(points)} {unit}, a change big enough to be a real change, not chance."
            : $"your score went {direction} by {N(points)} {unit}, a change small enough that it could be chance.";
    }
}
