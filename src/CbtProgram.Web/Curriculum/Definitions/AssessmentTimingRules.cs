using System.Text.RegularExpressions;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>
/// Checks the timing of program.yaml's assessment points: mid and post each anchored to one week of the program
/// (<c>week</c>: when its session opens; <c>after_week</c>: when it has run its 7 days), windows of at least a day,
/// reminders inside their window, and a baseline diary of 0 to <see cref="MaxBaselineDiaryDays"/> days.
/// </summary>
public static partial class AssessmentTimingRules
{
    public const int MaxBaselineDiaryDays = 28;

    public static IEnumerable<CurriculumProblem> Check(ProgramDefinition program, string yaml)
    {
        foreach (var point in program.AssessmentPoints)
        {
            var line = LineOfPoint(yaml, point.Id);
            var where = $"assessment point '{point.Id}'";
            var windowed = point.Id is AssessmentPoints.Mid or AssessmentPoints.Post;
            if (point.AfterWeek is not null && !windowed)
                yield return Problem(line, $"{where} cannot use after_week; only mid and post are anchored to a week");
            if (windowed)
            {
                if ((point.Week is null) == (point.AfterWeek is null))
                    yield return Problem(line, $"{where} needs exactly one of week (opens when that week's session opens) or after_week (opens when that week has run its 7 days)");
                else if (point.StoredWeek() is { } week && (week < 1 || week > program.Weeks))
                    yield return Problem(line, $"{where} names week {week}, but the program has weeks 1 to {program.Weeks}");
            }
            if (point.WindowDays is { } days && days < 1)
                yield return Problem(line, $"{where} has window_days {days}; a window is open for at least 1 day");
            foreach (var reminder in point.RemindersAfterDays.Where(d => point.WindowDays is not < 1 && (d < 1 || (point.WindowDays is { } w && d >= w))))
                yield return Problem(line, point.WindowDays is { } window
                    ? $"{where} has a reminder after {reminder} days; reminders fall inside the window, from 1 to {window - 1} days after it opens"
                    : $"{where} has a reminder after {reminder} days; reminders are 1 or more days after the window opens");
            if (point.RemindersAfterDays.Count > 0 && point.WindowDays is null)
                yield return Problem(line, $"{where} has reminders but no window_days; say how many days the window is open");
            if (point.DiaryDaysBeforeWeek1 is { } diary && (diary < 0 || diary > MaxBaselineDiaryDays))
                yield return Problem(line, $"{where} has diary_days_before_week_1 {diary}; use 0 to {MaxBaselineDiaryDays} days");
        }
    }

    private static CurriculumProblem Problem(int line, string message) => new(CurriculumFolderReader.ProgramFile, line, message);

    /// <summary>The line of the point's entry (<c>id: post</c>), or of assessment_points when it cannot be found.</summary>
    private static int LineOfPoint(string yaml, string id)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var index = Array.FindIndex(lines, l => PointId().Match(l) is { Success: true } m && m.Groups[1].Value == id);
        return index >= 0 ? index + 1 : CurriculumFolderReader.LineOfKey(yaml, "assessment_points");
    }

    [GeneratedRegex(@"id:\s*""?([a-z0-9-]+)""?")]
    private static partial Regex PointId();
}
