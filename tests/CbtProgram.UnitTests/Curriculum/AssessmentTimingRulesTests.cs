using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Curriculum;

/// <summary>program.yaml's assessment timing is read from the file, and bad values are refused with the point's line and a clear reason.</summary>
public sealed class AssessmentTimingRulesTests
{
    private const string Points = """
          - { id: mid, week: 6, window_days: 7, reminders_after_days: [3], measures: [phq-9] }
          - { id: post, after_week: 12, window_days: 14, reminders_after_days: [3, 7], measures: [phq-9] }
        consent:
        """;

    private static readonly string Program = SettingsText.Program
        .With("  - { id: mid, week: 6, measures: [phq-9] }\nconsent:", Points)
        .With("{ id: baseline, when: enrolment, measures: [phq-9] }", "{ id: baseline, when: enrolment, measures: [phq-9], diary_days_before_week_1: 14 }");

    private static List<CurriculumProblem> Timing(string program) =>
        ProgramSettingsReader.Read(SettingsText.Files(program), []).Problems.Where(p => p.Message.StartsWith("assessment point", StringComparison.Ordinal)).ToList();

    [Fact]
    public void TheShapeShipped_IsRead_AndRaisesNoProblem()
    {
        var read = ProgramSettingsReader.Read(SettingsText.Files(Program), []);

        Assert.Empty(Timing(Program));
        var windows = read.Program!.AssessmentWindows();
        Assert.Equal(("mid", 6, false, 7), (windows[0].Point, windows[0].Week, windows[0].AtWeekEnd, windows[0].WindowDays));
        Assert.Equal(("post", 12, true, 14), (windows[1].Point, windows[1].Week, windows[1].AtWeekEnd, windows[1].WindowDays));
        Assert.Equal([3, 7], windows[1].RemindersAfterDays);
        Assert.Equal(14, read.Program.AssessmentPoints[0].DiaryDaysBeforeWeek1);
    }

    [Theory]
    [InlineData("after_week: 12, window_days: 14", "after_week: 13, window_days: 14", "names week 13, but the program has weeks 1 to 12")]
    [InlineData("after_week: 12, window_days: 14", "week: 12, after_week: 12, window_days: 14", "needs exactly one of week")]
    [InlineData("after_week: 12, window_days: 14", "window_days: 14", "needs exactly one of week")]
    [InlineData("after_week: 12, window_days: 14", "after_week: 12, window_days: 0", "window_days 0; a window is open for at least 1 day")]
    [InlineData("after_week: 12, window_days: 14, reminders_after_days: [3, 7]", "after_week: 12, window_days: 14, reminders_after_days: [3, 14]", "a reminder after 14 days; reminders fall inside the window, from 1 to 13 days")]
    public void ABadPostTiming_IsRefused_AtThePostLine(string find, string replace, string message)
    {
        var program = Program.With($"{{ id: post, {find}", $"{{ id: post, {replace}");

        var problem = Assert.Single(Timing(program));

        Assert.Equal(program.LineOf("id: post"), problem.Line);
        Assert.Contains("assessment point 'post'", problem.Message);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void ABaselineDiaryLongerThanFourWeeks_IsRefused()
    {
        var problem = Assert.Single(Timing(Program.With("diary_days_before_week_1: 14", "diary_days_before_week_1: 40")));

        Assert.Contains("diary_days_before_week_1 40; use 0 to 28 days", problem.Message);
    }

    [Fact]
    public void AfterWeek_OnAnotherPoint_IsRefused()
    {
        var problem = Assert.Single(Timing(Program.With("{ id: baseline, when: enrolment,", "{ id: baseline, when: enrolment, after_week: 1,")));

        Assert.Contains("'baseline' cannot use after_week", problem.Message);
    }
}
