using System.Text.RegularExpressions;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>
/// The program settings that patient safety rests on (PROGRAM.md, Safety): PHQ-9 stays switched on, its item-9 risk rule
/// raises an alert on any answer above 0, and every weekly check-in asks PHQ-9. Checked when the files are validated,
/// imported or published, and at start-up in Production; settings that break one are never published.
/// </summary>
public static partial class SafetyRules
{
    public const string Phq9 = "phq-9";
    public const int RiskItem = 9;

    public static IEnumerable<CurriculumProblem> Check(ProgramDefinition program, string programYaml, IReadOnlyList<MeasureFile> measures)
    {
        var phq9 = measures.FirstOrDefault(m => m.Measure.Id == Phq9);
        if (phq9 is not null)
        {
            var file = $"{program.MeasuresFolder}/{phq9.FileName}";
            foreach (var problem in CheckPhq9(file, phq9))
                yield return problem;
        }
        if (CheckWeeklyCheckIn(program, programYaml) is { } weekly)
            yield return weekly;
    }

    private static IEnumerable<CurriculumProblem> CheckPhq9(string file, MeasureFile phq9)
    {
        var yaml = phq9.Yaml;
        if (!phq9.Measure.Enabled)
            yield return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "enabled"),
                "PHQ-9 must stay enabled: the weekly check-in and its item-9 risk rule depend on it");

        // QuestionnaireScoring reads a missing 'above' as 0, so { item: 9 } alone is the same rule.
        var itemRules = phq9.Measure.RiskRules.Where(r => r.Item == RiskItem).ToList();
        var rulesLine = CurriculumFolderReader.LineOfKey(yaml, "risk_rules");
        if (itemRules.Count == 0)
            yield return new CurriculumProblem(file, rulesLine,
                "PHQ-9 has no risk rule for item 9: add { item: 9, above: 0 } to risk_rules, so that any answer above 0 on question 9 raises a risk alert");
        else if (!itemRules.Any(r => (r.Above ?? 0) == 0))
            yield return new CurriculumProblem(file, LineAfter(yaml, rulesLine, ItemNineRule()),
                $"PHQ-9's item-9 risk rule says above: {itemRules[0].Above}; it must say above: 0, so that every answer above 0 on question 9 raises a risk alert");
    }

    /// <summary>The site asks the weekly check-in from the assessment point whose id is 'weekly', and only its first enabled measure.</summary>
    private static CurriculumProblem? CheckWeeklyCheckIn(ProgramDefinition program, string yaml)
    {
        const string file = CurriculumFolderReader.ProgramFile;
        var weekly = program.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.Weekly);
        if (weekly is null)
            return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "assessment_points"),
                "there is no weekly check-in: assessment_points needs { id: weekly, when: each-session-start, measures: [phq-9] }");
        if (weekly.Measures.FirstOrDefault() == Phq9)
            return null;
        var line = LineAfter(yaml, CurriculumFolderReader.LineOfKey(yaml, "assessment_points"), WeeklyPoint());
        return weekly.Measures.Contains(Phq9)
            ? new CurriculumProblem(file, line,
                $"the weekly check-in asks only the first measure of assessment point 'weekly', which is {weekly.Measures[0]}: list phq-9 first")
            : new CurriculumProblem(file, line, "the weekly check-in must ask PHQ-9: assessment point 'weekly' must list phq-9 in its measures");
    }

    /// <summary>The first line at or after <paramref name="from"/> (1-based) that matches, else <paramref name="from"/>.</summary>
    private static int LineAfter(string yaml, int from, Regex pattern)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = Math.Max(0, from - 1); i < lines.Length; i++)
        {
            if (pattern.IsMatch(lines[i]))
                return i + 1;
        }
        return from;
    }

    [GeneratedRegex(@"\bitem:\s*9\b")]
    private static partial Regex ItemNineRule();

    [GeneratedRegex(@"\bid:\s*[""']?weekly\b")]
    private static partial Regex WeeklyPoint();
}
