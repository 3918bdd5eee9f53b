using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Curriculum;

public sealed class ModuleFileReaderTests
{
    private static ModuleFileResult Read(string text) => ModuleFileReader.Read("modules/week-03-triggers.md", text);

    private static CurriculumProblem SingleProblem(string text)
    {
        var result = Read(text);
        Assert.Null(result.Module);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Read_AValidModule_ReadsEveryPart()
    {
        var result = Read(ModuleText.Valid);

        Assert.Empty(result.Problems);
        var module = result.Module!;
        Assert.Equal(3, module.Week);
        Assert.Equal(["trigger-management", "education"], module.Components);
        Assert.Equal(50, module.TotalMinutes);
        Assert.Equal(["check-in", "learn", "breathe", "log", "quiz"], module.Steps.Select(s => s.Id));
        Assert.StartsWith("A trigger is something", module.FindStep("learn")!.Body);
        Assert.Contains("### Common triggers", module.FindStep("learn")!.Body);
        Assert.Equal("Sit comfortably: let your shoulders drop.", module.FindStep("breathe")!.Phases[0].Script);
        Assert.Equal((0, 10), (module.FindStep("log")!.Fields[1].Min, module.FindStep("log")!.Fields[1].Max));
        Assert.Equal(1, module.FindStep("quiz")!.Questions[0].Answer);
    }

    [Fact]
    public void Read_BadYaml_SaysWhichLine()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("title: Trigger log", "title: \"Trigger log", StringComparison.Ordinal));

        Assert.Equal(25, problem.Line);
        Assert.Contains("the YAML cannot be read", problem.Message);
    }

    [Fact]
    public void Read_UnknownStepKind_PointsAtTheKind()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("kind: worksheet", "kind: worksheeet", StringComparison.Ordinal));

        Assert.Equal(24, problem.Line);
        Assert.Contains("unknown step kind 'worksheeet'", problem.Message);
    }

    [Fact]
    public void Read_DuplicateStepId_PointsAtTheSecondOne()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("- id: quiz", "- id: log", StringComparison.Ordinal));

        Assert.Equal(36, problem.Line);
        Assert.Contains("duplicate step id 'log'", problem.Message);
    }

    [Fact]
    public void Read_StepMinutesOutOfRange_PointsAtTheMinutes()
    {
        var result = Read(ModuleText.Valid.Replace("minutes: 20", "minutes: 45", StringComparison.Ordinal));

        Assert.Null(result.Module);
        Assert.Contains(result.Problems, p => p.Line == 14 && p.Message.Contains("takes 45 minutes; a step takes 1 to 30", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Message.Contains("the steps add up to 75 minutes", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ModuleTooShort_SaysTheTotal()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("minutes: 20", "minutes: 5", StringComparison.Ordinal));

        Assert.Contains("the steps add up to 35 minutes; a module takes 45 to 55 minutes", problem.Message);
    }

    [Fact]
    public void Read_WorksheetWithNoFields_PointsAtTheStep()
    {
        var text = ModuleText.Valid.Replace("""
                fields:
                  - id: trigger
                    label: What might have set it off?
                    type: long-text
                  - id: strength
                    label: How strong was the headache?
                    type: scale
                    min: 0
                    max: 10

            """, "", StringComparison.Ordinal);

        var problem = SingleProblem(text);

        Assert.Equal(23, problem.Line);
        Assert.Contains("worksheet 'log' has no fields", problem.Message);
    }

    [Fact]
    public void Read_MinutesNotANumber_SaysSo()
    {
        var result = Read(ModuleText.Valid.Replace("minutes: 10\n    phases", "minutes: ten\n    phases", StringComparison.Ordinal));

        Assert.Null(result.Module);
        Assert.Contains(result.Problems, p => p.Line == 18 && p.Message == "'minutes' must be a whole number");
    }

    [Fact]
    public void Read_MarkerForAStepThatDoesNotExist_PointsAtTheMarker()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("<!-- step: breathe -->", "<!-- step: breath -->", StringComparison.Ordinal));

        Assert.Contains("names step 'breath', which is not in the front matter", problem.Message);
        Assert.Equal(54, problem.Line);
    }

    [Fact]
    public void Read_ReadingStepWithoutText_IsAProblem()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("<!-- step: learn -->", "", StringComparison.Ordinal)
            .Replace("A trigger is something that makes a headache **more likely**.", "", StringComparison.Ordinal)
            .Replace("### Common triggers\n- Skipped meals", "", StringComparison.Ordinal));

        Assert.Contains("reading step 'learn' has no text", problem.Message);
    }

    [Fact]
    public void Read_UnknownKey_IsNamed()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("    minutes: 5\n  - id: learn", "    minuts: 5\n    minutes: 5\n  - id: learn", StringComparison.Ordinal));

        Assert.Contains("unknown key 'minuts' in a step", problem.Message);
    }

    [Fact]
    public void Read_QuizAnswerPastTheOptions_IsAProblem()
    {
        var problem = SingleProblem(ModuleText.Valid.Replace("answer: 1", "answer: 2", StringComparison.Ordinal));

        Assert.Contains("marks option 3 as right, but has 2 options", problem.Message);
    }

    [Fact]
    public void WriteThenRead_GivesBackTheSameModule()
    {
        var original = Read(ModuleText.Valid).Module!;

        var again = ModuleFileReader.Read("modules/week-03-triggers.md", ModuleFileWriter.Write(original));

        Assert.Empty(again.Problems);
        Assert.Equal(ModuleFileWriter.Write(original), ModuleFileWriter.Write(again.Module!));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(original), System.Text.Json.JsonSerializer.Serialize(again.Module));
    }

    [Fact]
    public void FileName_IsWeekAndSlug() =>
        Assert.Equal("week-03-finding-and-managing-your-triggers.md", ModuleFileWriter.FileName(Read(ModuleText.Valid).Module!));

    [Fact]
    public void ProgramRules_AMissingWeek_IsNamed()
    {
        var module = Read(ModuleText.Valid).Module!;
        var modules = Enumerable.Range(1, 12).Where(w => w != 7).Select(w => module with { Week = w }).ToList();
        var program = new ProgramDefinition { Weeks = 12, Consent = new ConsentText { Version = 1, Text = "text" } };

        var problems = ProgramRules.Check(program, "weeks: 12", modules, []).ToList();

        Assert.Contains(problems, p => p.Message == "week 7 has no module");
    }

    [Theory]
    [InlineData("8pm")]
    [InlineData("25:00")]
    [InlineData("")]
    public void ProgramRules_ADiaryReminderTimeThatIsNotATime_IsNamedWithItsLine(string value)
    {
        var program = new ProgramDefinition { Weeks = 1, Consent = new ConsentText { Version = 1, Text = "text" } };
        program.Reminders.DiaryReminderDefaultLocalTime = value;
        const string yaml = "weeks: 1\nreminders:\n  diary_reminder_default_local_time: x\n";

        var problem = Assert.Single(ProgramRules.Check(program, yaml, [], []), p => p.Message.Contains("diary_reminder_default_local_time"));

        Assert.Equal(3, problem.Line);
        Assert.Contains("24-hour time", problem.Message);
    }
}
