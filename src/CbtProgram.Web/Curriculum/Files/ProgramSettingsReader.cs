using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>What reading the program settings files gave: the program and its valid measures when they could be read, and every problem.</summary>
public sealed record ProgramSettingsRead(ProgramDefinition? Program, IReadOnlyList<MeasureFile> Measures, IReadOnlyList<CurriculumProblem> Problems)
{
    public bool IsValid => Program is not null && Problems.Count == 0;
}

/// <summary>
/// Reads and checks the program settings (program.yaml and the measure files) from their text: as they are in the
/// curriculum folder, or as a draft keeps them. The program's modules are passed in, because program.yaml is checked
/// against them: the folder's own modules, or the published ones.
/// </summary>
public static class ProgramSettingsReader
{
    public static ProgramSettingsRead Read(IReadOnlyList<SettingsFile> files, IReadOnlyList<ModuleDefinition> modules)
    {
        var problems = new List<CurriculumProblem>();
        var programYaml = files.FirstOrDefault(f => f.Path == CurriculumFolderReader.ProgramFile)?.Content;
        if (programYaml is null)
            return new ProgramSettingsRead(null, [], [new CurriculumProblem(CurriculumFolderReader.ProgramFile, 0, "program.yaml is missing")]);
        var program = CurriculumFolderReader.Deserialize<ProgramDefinition>(CurriculumFolderReader.ProgramFile, programYaml, problems);
        if (program is null)
            return new ProgramSettingsRead(null, [], problems);
        var measures = ReadMeasures(program, programYaml, files, problems);
        problems.AddRange(ProgramRules.Check(program, programYaml, modules, measures.Select(m => m.Measure).ToList()));
        return new ProgramSettingsRead(program, measures, problems);
    }

    /// <summary>Only the <see cref="SafetyRules"/>: for settings already live, which were checked in full when published.</summary>
    public static IReadOnlyList<CurriculumProblem> SafetyProblems(IReadOnlyList<SettingsFile> files)
    {
        var problems = new List<CurriculumProblem>();
        var programYaml = files.FirstOrDefault(f => f.Path == CurriculumFolderReader.ProgramFile)?.Content;
        var program = programYaml is null ? null : CurriculumFolderReader.Deserialize<ProgramDefinition>(CurriculumFolderReader.ProgramFile, programYaml, problems);
        if (program is null)
            return problems.Count > 0 ? problems : [new CurriculumProblem(CurriculumFolderReader.ProgramFile, 0, "program.yaml is missing")];
        var measures = MeasureFilesOf(program, files)
            .Select(f => (File: f, Measure: CurriculumFolderReader.Deserialize<MeasureDefinition>(f.Path, f.Content, [])))
            .Where(m => m.Measure is not null)
            .Select(m => new MeasureFile(Path.GetFileName(m.File.Path), m.File.Content, m.Measure!))
            .ToList();
        return SafetyRules.Check(program, programYaml!, measures).ToList();
    }

    /// <summary>
    /// Reads and checks each measure file, then the safety rules over every measure that could be read (a PHQ-9 with another
    /// problem is still checked for its item-9 rule). Returns the measures with no problem.
    /// </summary>
    internal static List<MeasureFile> ReadMeasures(ProgramDefinition program, string programYaml, IReadOnlyList<SettingsFile> files, List<CurriculumProblem> problems)
    {
        var read = new List<MeasureFile>();
        var valid = new List<MeasureFile>();
        foreach (var file in MeasureFilesOf(program, files))
        {
            var measure = CurriculumFolderReader.Deserialize<MeasureDefinition>(file.Path, file.Content, problems);
            if (measure is null)
                continue;
            var before = problems.Count;
            problems.AddRange(MeasureRules.Check(file.Path, file.Content, measure, Path.GetFileNameWithoutExtension(file.Path)));
            var measureFile = new MeasureFile(Path.GetFileName(file.Path), file.Content, measure);
            read.Add(measureFile);
            if (problems.Count == before)
                valid.Add(measureFile);
        }
        problems.AddRange(SafetyRules.Check(program, programYaml, read));
        return valid;
    }

    private static IEnumerable<SettingsFile> MeasureFilesOf(ProgramDefinition program, IReadOnlyList<SettingsFile> files) =>
        files.Where(f => f.Path.StartsWith(program.MeasuresFolder + "/", StringComparison.Ordinal) && f.Path.EndsWith(".yaml", StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal);
}
