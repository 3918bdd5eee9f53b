using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Curriculum;

namespace CbtProgram.Web.Areas.Admin.Models;

/// <summary>The module editor's form: the whole draft, posted back with every button so nothing typed is lost.</summary>
public sealed class DraftForm
{
    public int Revision { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public List<string> Components { get; set; } = [];
    public List<StepForm> Steps { get; set; } = [];
    public string? ChangeNote { get; set; }

    public static DraftForm From(ModuleVersion draft) => new()
    {
        Revision = draft.Revision,
        Title = draft.Content.Title,
        Summary = draft.Content.Summary,
        Components = draft.Content.Components.ToList(),
        Steps = draft.Content.Steps.Select(StepForm.From).ToList(),
    };

    /// <summary>Checkboxes post in page order; keep the draft's own order so a save shows no spurious change.</summary>
    public void KeepComponentOrderOf(IReadOnlyList<string> existing)
    {
        int Rank(string component)
        {
            var index = existing.ToList().IndexOf(component);
            return index >= 0 ? index : int.MaxValue;
        }
        Components = Components.OrderBy(Rank).ToList();
    }

    public ModuleDefinition ToModule(int week) => new()
    {
        Week = week,
        Title = (Title ?? "").Trim(),
        Summary = (Summary ?? "").Trim(),
        Components = Components.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList(),
        Steps = Steps.Select(s => s.ToStep()).ToList(),
    };
}

public sealed class StepForm
{
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public int? Minutes { get; set; }
    public string? Body { get; set; }
    public List<PhaseForm> Phases { get; set; } = [];
    /// <summary>An exercise's clinic recording for all its phases: a file name in curriculum/audio/.</summary>
    public string? Audio { get; set; }
    public List<FieldForm> Fields { get; set; } = [];
    public List<QuestionForm> Questions { get; set; } = [];

    public static StepForm From(StepDefinition step) => new()
    {
        Id = step.Id,
        Kind = step.Kind,
        Title = step.Title,
        Minutes = step.Minutes,
        Body = step.Body,
        Phases = step.Phases.Select(p => new PhaseForm { Name = p.Name, Seconds = p.Seconds, Script = p.Script, Audio = p.Audio }).ToList(),
        Audio = step.Audio,
        Fields = step.Fields.Select(f => new FieldForm
        {
            Id = f.Id, Label = f.Label, Type = f.Type, Help = f.Help, Min = f.Min, Max = f.Max, Options = string.Join('\n', f.Options),
        }).ToList(),
        Questions = step.Questions.Select(q => new QuestionForm
        {
            Id = q.Id, Text = q.Text, Options = string.Join('\n', q.Options), Answer = q.Answer + 1, Explain = q.Explain,
        }).ToList(),
    };

    public StepDefinition ToStep()
    {
        var kind = (Kind ?? "").Trim();
        return new StepDefinition
        {
            Id = (Id ?? "").Trim(),
            Kind = kind,
            Title = (Title ?? "").Trim(),
            Minutes = Minutes ?? 0,
            Body = (Body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            // Only what the kind uses is kept, so changing a step's kind leaves nothing stray behind.
            Phases = kind == StepKinds.Exercise
                ? Phases.Select(p => new ExercisePhase((p.Name ?? "").Trim(), p.Seconds ?? 0, (p.Script ?? "").Trim(), Optional(p.Audio))).ToList() : [],
            Audio = kind == StepKinds.Exercise ? Optional(Audio) : null,
            Fields = StepKinds.HasFields(kind)
                ? Fields.Select(f => new FieldDefinition
                {
                    Id = (f.Id ?? "").Trim(),
                    Label = (f.Label ?? "").Trim(),
                    Type = (f.Type ?? "").Trim(),
                    Help = string.IsNullOrWhiteSpace(f.Help) ? null : f.Help.Trim(),
                    Min = f.Type is FieldTypes.Scale or FieldTypes.Number ? f.Min : null,
                    Max = f.Type is FieldTypes.Scale or FieldTypes.Number ? f.Max : null,
                    Options = f.Type == FieldTypes.Choice ? Lines(f.Options) : [],
                }).ToList() : [],
            Questions = kind == StepKinds.Quiz
                ? Questions.Select(q => new QuizQuestion
                {
                    Id = (q.Id ?? "").Trim(), Text = (q.Text ?? "").Trim(), Options = Lines(q.Options),
                    Answer = (q.Answer ?? 0) - 1, Explain = (q.Explain ?? "").Trim(),
                }).ToList() : [],
        };
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

public sealed class PhaseForm
{
    public string? Name { get; set; }
    public int? Seconds { get; set; }
    public string? Script { get; set; }
    /// <summary>The phase's clinic recording: a file name in curriculum/audio/.</summary>
    public string? Audio { get; set; }
}

public sealed class FieldForm
{
    public string? Id { get; set; }
    public string? Label { get; set; }
    public string? Type { get; set; }
    public string? Help { get; set; }
    public int? Min { get; set; }
    public int? Max { get; set; }
    /// <summary>For choice fields: one option per line.</summary>
    public string? Options { get; set; }
}

public sealed class QuestionForm
{
    public string? Id { get; set; }
    public string? Text { get; set; }
    /// <summary>One option per line.</summary>
    public string? Options { get; set; }
    /// <summary>The right option, counted from 1 as admins read them.</summary>
    public int? Answer { get; set; }
    public string? Explain { get; set; }
}
