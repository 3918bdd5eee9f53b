using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>A whole curriculum as read from a folder: the program, its modules and its measures (with their file text).</summary>
public sealed record CurriculumSnapshot(
    ProgramDefinition Program,
    string ProgramYaml,
    IReadOnlyList<ModuleDefinition> Modules,
    IReadOnlyList<MeasureFile> Measures);

public sealed record MeasureFile(string FileName, string Yaml, MeasureDefinition Measure);

/// <summary>What reading a folder gave: a snapshot when nothing was wrong, and every problem found.</summary>
public sealed record CurriculumReadResult(CurriculumSnapshot? Snapshot, IReadOnlyList<CurriculumProblem> Problems)
{
    public bool IsValid => Snapshot is not null && Problems.Count == 0;
}
