using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Curriculum;

/// <summary>The program settings that patient safety rests on: refused with one message each, naming the file and line.</summary>
public sealed class SafetyRulesTests
{
    private static CurriculumProblem Single(IReadOnlyList<SettingsFile> files) =>
        Assert.Single(ProgramSettingsReader.SafetyProblems(files));

    [Fact]
    public void SafetyProblems_SafeSettings_None() =>
        Assert.Empty(ProgramSettingsReader.SafetyProblems(SettingsText.Files()));

    [Fact]
    public void Phq9_WithoutTheItem9Rule_IsRefused_AtItsRiskRules()
    {
        var phq9 = SettingsText.Phq9.With("\n  - { item: 9, above: 0, reason: \"An answer above 0 on question 9\" }", "");

        var problem = Single(SettingsText.Files(phq9: phq9));

        Assert.Equal("measures/phq-9.yaml", problem.File);
        Assert.Equal(phq9.LineOf("risk_rules:"), problem.Line);
        Assert.Contains("PHQ-9 has no risk rule for item 9", problem.Message);
    }

    [Fact]
    public void Phq9_WithNoRiskRulesAtAll_IsRefused()
    {
        var phq9 = SettingsText.Phq9[..SettingsText.Phq9.IndexOf("risk_rules:", StringComparison.Ordinal)];

        var problem = Single(SettingsText.Files(phq9: phq9));

        Assert.Contains("PHQ-9 has no risk rule for item 9", problem.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Phq9_Item9RuleWithAHigherThreshold_IsRefused_AtThatRule(int above)
    {
        var phq9 = SettingsText.Phq9.With("{ item: 9, above: 0,", $"{{ item: 9, above: {above},");

        var problem = Single(SettingsText.Files(phq9: phq9));

        Assert.Equal("measures/phq-9.yaml", problem.File);
        Assert.Equal(phq9.LineOf("item: 9"), problem.Line);
        Assert.Contains($"item-9 risk rule says above: {above}; it must say above: 0", problem.Message);
    }

    [Fact]
    public void Phq9_Item9RuleWithoutAbove_CountsAsAboveZero_AsScoringReadsIt() =>
        Assert.Empty(ProgramSettingsReader.SafetyProblems(SettingsText.Files(phq9: SettingsText.Phq9.With("{ item: 9, above: 0,", "{ item: 9,"))));

    [Fact]
    public void Phq9_SwitchedOff_IsRefused()
    {
        var phq9 = SettingsText.Phq9.With("enabled: true", "enabled: false");

        var problem = Single(SettingsText.Files(phq9: phq9));

        Assert.Equal(phq9.LineOf("enabled:"), problem.Line);
        Assert.Contains("PHQ-9 must stay enabled", problem.Message);
    }

    [Fact]
    public void Program_WithoutAWeeklyPoint_IsRefused()
    {
        var program = SettingsText.Program.With("  - { id: weekly, when: each-session-start, measures: [phq-9] }\n", "");

        var problem = Single(SettingsText.Files(program));

        Assert.Equal("program.yaml", problem.File);
        Assert.Equal(program.LineOf("assessment_points:"), problem.Line);
        Assert.Contains("there is no weekly check-in", problem.Message);
    }

    [Fact]
    public void Program_WhoseWeeklyPointLeavesOutPhq9_IsRefused_AtThatPoint()
    {
        var program = SettingsText.Program.With("{ id: weekly, when: each-session-start, measures: [phq-9] }", "{ id: weekly, when: each-session-start, measures: [gad-7] }");

        var problem = Single(SettingsText.Files(program));

        Assert.Equal(program.LineOf("id: weekly"), problem.Line);
        Assert.Contains("the weekly check-in must ask PHQ-9", problem.Message);
    }

    [Fact]
    public void Program_WhoseWeeklyPointListsPhq9Second_IsRefused_BecauseTheCheckInAsksOnlyTheFirst()
    {
        var program = SettingsText.Program.With("{ id: weekly, when: each-session-start, measures: [phq-9] }", "{ id: weekly, when: each-session-start, measures: [gad-7, phq-9] }");

        var problem = Single(SettingsText.Files(program));

        Assert.Contains("list phq-9 first", problem.Message);
    }

    [Fact]
    public void Program_WithTheWeeklyPointWrittenAsABlock_IsAccepted()
    {
        var program = SettingsText.Program.With("  - { id: weekly, when: each-session-start, measures: [phq-9] }\n",
            "  - id: weekly\n    when: each-session-start\n    measures:\n      - phq-9\n");

        Assert.Empty(ProgramSettingsReader.SafetyProblems(SettingsText.Files(program)));
    }

    [Fact]
    public void FolderCheck_ReportsTheItem9Rule_EvenWhenPhq9HasAnotherProblem()
    {
        var phq9 = SettingsText.Phq9.With("\n  - { item: 9, above: 0, reason: \"An answer above 0 on question 9\" }", "")
            .With("max: 27", "max: 30");

        var read = ProgramSettingsReader.Read(SettingsText.Files(phq9: phq9), []);

        Assert.Contains(read.Problems, p => p.Message.Contains("the highest possible score is 27", StringComparison.Ordinal));
        Assert.Contains(read.Problems, p => p.Message.Contains("PHQ-9 has no risk rule for item 9", StringComparison.Ordinal));
    }
}
