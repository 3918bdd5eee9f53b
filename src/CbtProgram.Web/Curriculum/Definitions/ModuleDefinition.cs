namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>One week's module: what a patient works through in about 50 minutes.</summary>
public sealed record ModuleDefinition
{
    public int Week { get; init; }
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public IReadOnlyList<string> Components { get; init; } = [];
    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];

    public int TotalMinutes => Steps.Sum(s => s.Minutes);

    public StepDefinition? FindStep(string id) => Steps.FirstOrDefault(s => s.Id == id);
}

/// <summary>One step of a module. Which of the lists is used depends on <see cref="Kind"/>.</summary>
public sealed record StepDefinition
{
    public string Id { get; init; } = "";
    public string Kind { get; init; } = StepKinds.Reading;
    public string Title { get; init; } = "";
    public int Minutes { get; init; }
    /// <summary>The patient text, in Markdown.</summary>
    public string Body { get; init; } = "";
    public IReadOnlyList<ExercisePhase> Phases { get; init; } = [];
    /// <summary>An exercise's optional clinic recording for all its phases: a file name in curriculum/audio/.</summary>
    public string? Audio { get; init; }
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];
    public IReadOnlyList<QuizQuestion> Questions { get; init; } = [];
}

/// <summary>A timed part of a guided exercise; <paramref name="Audio"/> names an optional clinic recording in curriculum/audio/.</summary>
public sealed record ExercisePhase(string Name, int Seconds, string Script, string? Audio = null);

/// <summary>Something the patient fills in on a worksheet, reflection or homework plan.</summary>
public sealed record FieldDefinition
{
    public string Id { get; init; } = "";
    public string Label { get; init; } = "";
    public string Type { get; init; } = FieldTypes.Text;
    public string? Help { get; init; }
    public int? Min { get; init; }
    public int? Max { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
}

public sealed record QuizQuestion
{
    public string Id { get; init; } = "";
    public string Text { get; init; } = "";
    public IReadOnlyList<string> Options { get; init; } = [];
    public int Answer { get; init; }
    public string Explain { get; init; } = "";
}
