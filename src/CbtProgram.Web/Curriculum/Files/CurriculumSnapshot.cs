using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>A whole curriculum as read from a folder: the program, its modules and its measures (with their file text).</summary>
public sealed record CurriculumSnapshot(
    ProgramDefinition Program,
    string ProgramYaml,
    IReadOnlyList<ModuleDefinition> Modules,
    IReadOnlyList<MeasureFile> Measures)
{
    /// <summary>The program settings files: program.yaml and the measure files, by their path in the folder.</summary>
    public IReadOnlyList<SettingsFile> SettingsFiles() =>
        Measures.Select(m => new SettingsFile($"{Program.MeasuresFolder}/{m.FileName}", m.Yaml))
            .Prepend(new SettingsFile(CurriculumFolderReader.ProgramFile, ProgramYaml))
            .ToList();
}

public sealed record MeasureFile(string FileName, string Yaml, MeasureDefinition Measure);

/// <summary>One program settings file (program.yaml or a measure file) and its text; the path is as in the curriculum folder.</summary>
public sealed record SettingsFile(string Path, string Content);

/// <summary>What reading a folder gave: a snapshot when nothing was wrong, and every problem found.</summary>
public sealed record CurriculumReadResult(CurriculumSnapshot? Snapshot, IReadOnlyList<CurriculumProblem> Problems)
{
    public bool IsValid => Snapshot is not null && Problems.Count == 0;
}
