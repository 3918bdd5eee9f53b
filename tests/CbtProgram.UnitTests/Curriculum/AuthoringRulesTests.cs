using CbtProgram.Web.Areas.Admin.Models;
using CbtProgram.Web.Curriculum.Authoring;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Curriculum;

public sealed class AuthoringRulesTests
{
    private static DraftForm Form()
    {
        var module = ModuleFileReader.Read("week-03.md", ModuleText.Valid).Module!;
        return new DraftForm { Title = module.Title, Summary = module.Summary, Components = module.Components.ToList(), Steps = module.Steps.Select(StepForm.From).ToList() };
    }

    [Fact]
    public void DraftCommand_MoveDown_SwapsWithTheNextStep()
    {
        var form = Form();

        var focus = DraftCommand.Apply("down:1", form);

        Assert.Equal(["check-in", "breathe", "learn", "log", "quiz"], form.Steps.Select(s => s.Id));
        Assert.Equal(2, focus);
    }

    [Fact]
    public void DraftCommand_AddStep_AddsAReadingStepWithAFreshId()
    {
        var form = Form();

        DraftCommand.Apply("add-step", form);
        DraftCommand.Apply("add-step", form);

        Assert.Equal(["new-step-1", "new-step-2"], form.Steps.TakeLast(2).Select(s => s.Id));
        Assert.All(form.Steps.TakeLast(2), s => Assert.Equal(StepKinds.Reading, s.Kind));
    }

    [Fact]
    public void DraftCommand_AddAndRemoveWorksheetFields()
    {
        var form = Form();

        DraftCommand.Apply("add-field:3", form);
        DraftCommand.Apply("remove-field:3:0", form);

        Assert.Equal(["strength", "field-3"], form.Steps[3].Fields.Select(f => f.Id));
    }

    [Fact]
    public void DraftCommand_WithATamperedIndex_ChangesNothing()
    {
        var form = Form();

        DraftCommand.Apply("remove-step:99", form);
        DraftCommand.Apply("up:-1", form);

        Assert.Equal(5, form.Steps.Count);
    }

    [Fact]
    public void DraftForm_RoundTripsAModule()
    {
        var module = ModuleFileReader.Read("week-03.md", ModuleText.Valid).Module!;

        var back = Form().ToModule(3);

        Assert.Equal(ModuleFileWriter.Write(module), ModuleFileWriter.Write(back));
    }

    [Fact]
    public void DraftForm_ComponentsPostedInPageOrder_KeepTheDraftsOrder()
    {
        var form = Form();
        form.Components = ["education", "relaxation", "trigger-management"];

        form.KeepComponentOrderOf(["trigger-management", "education"]);

        Assert.Equal(["trigger-management", "education", "relaxation"], form.Components);
    }

    [Fact]
    public void DraftForm_ChangingAStepsKind_DropsWhatTheNewKindDoesNotUse()
    {
        var form = Form();
        form.Steps[3].Kind = StepKinds.Reading;

        var step = form.ToModule(3).Steps[3];

        Assert.Empty(step.Fields);
    }

    [Fact]
    public void VersionDiff_ShowsTheChangedLinesOnly()
    {
        var older = ModuleFileReader.Read("week-03.md", ModuleText.Valid).Module!;
        var newer = older with { Title = "Your triggers, and what to do about them" };

        var changes = VersionDiff.Changes(older, newer);

        Assert.Contains(changes, l => l.Kind == "removed" && l.Text == "title: Finding and managing your triggers");
        Assert.Contains(changes, l => l.Kind == "added" && l.Text == "title: Your triggers, and what to do about them");
        Assert.True(changes.Count <= 6);
    }

    [Fact]
    public void MeasureRules_ABandGap_IsFound()
    {
        var measure = new MeasureDefinition
        {
            Id = "phq-9", Name = "PHQ-9", Instructions = "Over the last 2 weeks...",
            Answer = new AnswerFormat { Options = [new() { Value = 0, Label = "Not at all" }, new() { Value = 3, Label = "Nearly every day" }] },
            Items = [new() { Id = 1, Text = "Little interest" }],
            Scoring = new MeasureScoring { Min = 0, Max = 3 },
            Bands = [new() { Min = 0, Max = 1, Label = "Low" }, new() { Min = 3, Max = 3, Label = "High" }],
        };

        var problems = MeasureRules.Check("measures/phq-9.yaml", "bands:\n", measure, "phq-9").ToList();

        var problem = Assert.Single(problems);
        Assert.Contains("gap or overlap at 2", problem.Message);
    }
}
