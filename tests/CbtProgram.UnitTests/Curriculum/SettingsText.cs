using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Curriculum;

/// <summary>Small, safe program settings files (program.yaml and PHQ-9, shaped like the shipped ones) to break in one place per test.</summary>
internal static class SettingsText
{
    public const string Program = """
        name: CbtProgram
        title: Living well with headache and low mood
        weeks: 12
        session_minutes: 50
        assessment_points:
          - { id: baseline, when: enrolment, measures: [phq-9] }
          - { id: weekly, when: each-session-start, measures: [phq-9] }
          - { id: mid, week: 6, measures: [phq-9] }
        consent:
          version: 1
          text: Please read this before you start.
        """;

    public const string Phq9 = """
        id: phq-9
        name: PHQ-9
        enabled: true
        instructions: "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
        answer:
          type: choice
          options:
            - { value: 0, label: Not at all }
            - { value: 1, label: Several days }
            - { value: 2, label: More than half the days }
            - { value: 3, label: Nearly every day }
        items:
          - { id: 1, text: Little interest or pleasure in doing things }
          - { id: 2, text: Feeling down }
          - { id: 3, text: Trouble sleeping }
          - { id: 4, text: Feeling tired }
          - { id: 5, text: Poor appetite }
          - { id: 6, text: Feeling bad about yourself }
          - { id: 7, text: Trouble concentrating }
          - { id: 8, text: Moving or speaking slowly }
          - { id: 9, text: Thoughts that you would be better off dead }
        scoring: { method: sum, multiplier: 1, min: 0, max: 27 }
        risk_rules:
          - { total_at_least: 20, reason: "A total of 20 or more" }
          - { item: 9, above: 0, reason: "An answer above 0 on question 9" }
        """;

    public static IReadOnlyList<SettingsFile> Files(string? program = null, string? phq9 = null) =>
        [new("program.yaml", program ?? Program), new("measures/phq-9.yaml", phq9 ?? Phq9)];

    /// <summary>The text with one piece replaced; fails if the piece is not there, so a test never passes by breaking nothing.</summary>
    public static string With(this string text, string find, string replace)
    {
        Assert.Contains(find, text);
        return text.Replace(find, replace, StringComparison.Ordinal);
    }

    /// <summary>The 1-based line of the first line containing the text.</summary>
    public static int LineOf(this string text, string find) =>
        Array.FindIndex(text.Split('\n'), l => l.Contains(find, StringComparison.Ordinal)) + 1;
}
