using System.Text.RegularExpressions;
using CbtProgram.Web.Curriculum.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>Reads and validates a curriculum folder: program.yaml, modules/week-NN-*.md and measures/*.yaml, with the <see cref="SafetyRules"/>.</summary>
public static partial class CurriculumFolderReader
{
    public const string ProgramFile = "program.yaml";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static CurriculumReadResult Read(string folder)
    {
        var problems = new List<CurriculumProblem>();
        if (!Directory.Exists(folder))
            return new CurriculumReadResult(null, [new CurriculumProblem(folder, 0, "the curriculum folder does not exist")]);

        var programPath = Path.Combine(folder, ProgramFile);
        if (!File.Exists(programPath))
        {
            problems.Add(new CurriculumProblem(ProgramFile, 0, "program.yaml is missing"));
            return new CurriculumReadResult(null, problems);
        }
        var programYaml = File.ReadAllText(programPath);
        var program = Deserialize<ProgramDefinition>(ProgramFile, programYaml, problems);
        if (program is null)
            return new CurriculumReadResult(null, problems);

        var modules = ReadModules(folder, program, problems);
        var measures = ReadMeasures(folder, program, programYaml, problems);
        problems.AddRange(ProgramRules.Check(program, programYaml, modules, measures.Select(m => m.Measure).ToList()));

        var snapshot = new CurriculumSnapshot(program, programYaml, modules.OrderBy(m => m.Week).ToList(), measures);
        return new CurriculumReadResult(problems.Count == 0 ? snapshot : null, problems);
    }

    private static List<ModuleDefinition> ReadModules(string folder, ProgramDefinition program, List<CurriculumProblem> problems)
    {
        var modules = new List<ModuleDefinition>();
        var modulesFolder = Path.Combine(folder, program.ModulesFolder);
        if (!Directory.Exists(modulesFolder))
        {
            problems.Add(new CurriculumProblem(program.ModulesFolder, 0, "the modules folder is missing"));
            return modules;
        }
        var recordings = Audio.RecordingFolder.In(folder);
        foreach (var path in Directory.GetFiles(modulesFolder, "*.md").Order(StringComparer.Ordinal))
        {
            var name = $"{program.ModulesFolder}/{Path.GetFileName(path)}";
            var result = ModuleFileReader.Read(name, File.ReadAllText(path), program.Weeks, m => Audio.RecordingRules.Check(m, recordings.Probe));
            problems.AddRange(result.Problems);
            if (result.Module is null)
                continue;
            var named = FileWeek().Match(Path.GetFileName(path));
            if (!named.Success || int.Parse(named.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != result.Module.Week)
                problems.Add(new CurriculumProblem(name, 2, $"the file name should start week-{result.Module.Week:00}- to match 'week: {result.Module.Week}'"));
            modules.Add(result.Module);
        }
        return modules;
    }

    private static List<MeasureFile> ReadMeasures(string folder, ProgramDefinition program, string programYaml, List<CurriculumProblem> problems)
    {
        var measuresFolder = Path.Combine(folder, program.MeasuresFolder);
        if (!Directory.Exists(measuresFolder))
        {
            problems.Add(new CurriculumProblem(program.MeasuresFolder, 0, "the measures folder is missing"));
            return [];
        }
        var files = Directory.GetFiles(measuresFolder, "*.yaml")
            .Select(path => new SettingsFile($"{program.MeasuresFolder}/{Path.GetFileName(path)}", File.ReadAllText(path)))
            .ToList();
        return ProgramSettingsReader.ReadMeasures(program, programYaml, files, problems);
    }

    internal static T? Deserialize<T>(string name, string yaml, List<CurriculumProblem> problems) where T : class
    {
        try
        {
            return Yaml.Deserialize<T>(yaml) ?? throw new YamlException("the file is empty");
        }
        catch (YamlException e)
        {
            var message = e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})";
            problems.Add(new CurriculumProblem(name, (int)e.Start.Line, $"the YAML cannot be read: {message}"));
            return null;
        }
    }

    /// <summary>The line where a top-level key starts, for problems about a whole section.</summary>
    internal static int LineOfKey(string yaml, string key)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // A top-level key first; failing that, the first line that names it under a parent (indented).
        var index = Array.FindIndex(lines, l => l.StartsWith(key + ":", StringComparison.Ordinal));
        if (index < 0)
            index = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        return index + 1;
    }

    [GeneratedRegex(@"^week-(\d{2})-[a-z0-9-]+\.md$")]
    private static partial Regex FileWeek();
}
