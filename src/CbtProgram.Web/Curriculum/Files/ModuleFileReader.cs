using System.Text;
using System.Text.RegularExpressions;
using CbtProgram.Web.Curriculum.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>The outcome of reading one module file: the module (when it could be read) and every problem, by line.</summary>
public sealed record ModuleFileResult(ModuleDefinition? Module, IReadOnlyList<CurriculumProblem> Problems);

/// <summary>Reads a module file (Markdown with YAML front matter) and checks it against <see cref="ModuleRules"/>.</summary>
public static partial class ModuleFileReader
{
    private static readonly string[] ModuleKeys = ["week", "title", "summary", "components", "steps"];
    private static readonly string[] StepKeys = ["id", "kind", "title", "minutes", "phases", "audio", "fields", "questions"];
    private static readonly string[] PhaseKeys = ["name", "seconds", "script", "audio"];
    private static readonly string[] FieldKeys = ["id", "label", "type", "help", "min", "max", "options"];
    private static readonly string[] QuestionKeys = ["id", "text", "options", "answer", "explain"];

    /// <summary>Reads one module file; <paramref name="moreRules"/> adds rules that need more than the text, such as the recordings' files.</summary>
    public static ModuleFileResult Read(string fileName, string text, int weeks = 12, Func<ModuleDefinition, IReadOnlyList<ModuleProblem>>? moreRules = null)
    {
        var problems = new List<CurriculumProblem>();
        void Report(int line, string message) => problems.Add(new CurriculumProblem(fileName, line, message));

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            Report(1, "a module file starts with a line '---', then its YAML front matter, then another '---'");
            return new ModuleFileResult(null, problems);
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            Report(1, "the front matter has no closing '---' line");
            return new ModuleFileResult(null, problems);
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(string.Join('\n', lines[1..end])));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                Report(2, "the front matter must be a set of keys and values (week, title, summary, components, steps)");
                return new ModuleFileResult(null, problems);
            }
            root = map;
        }
        catch (YamlException e)
        {
            Report((int)e.Start.Line + 1, $"the YAML cannot be read: {e.Message}");
            return new ModuleFileResult(null, problems);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on an unclosed [ or {; it gives no position.
            Report(2, "the YAML cannot be read: look for an unclosed [ or { in the front matter");
            return new ModuleFileResult(null, problems);
        }

        var nodes = new YamlNodes(lineOffset: 1, Report);
        var module = ReadFrontMatter(root, nodes);
        var bodies = ReadBodies(lines, end + 1, module, nodes, Report);
        module = module with { Steps = module.Steps.Select(s => s with { Body = bodies.GetValueOrDefault(s.Id, "") }).ToList() };

        foreach (var problem in ModuleRules.Check(module, weeks).Concat(moreRules?.Invoke(module) ?? []))
            Report(LineFor(problem.Path, nodes.Lines), problem.Message);
        return new ModuleFileResult(problems.Count == 0 ? module : null, problems);
    }

    private static ModuleDefinition ReadFrontMatter(YamlMappingNode root, YamlNodes nodes)
    {
        nodes.RejectUnknownKeys(root, ModuleKeys, "the module");
        return new ModuleDefinition
        {
            Week = nodes.Number(root, "week", "week") ?? 0,
            Title = nodes.Text(root, "title", "title"),
            Summary = nodes.Text(root, "summary", "summary"),
            Components = nodes.Strings(root, "components", "components"),
            Steps = nodes.Mappings(root, "steps", "steps").Select(s => ReadStep(s.Node, $"steps[{s.Index}]", nodes)).ToList(),
        };
    }

    private static StepDefinition ReadStep(YamlMappingNode step, string path, YamlNodes nodes)
    {
        nodes.RejectUnknownKeys(step, StepKeys, "a step");
        return new StepDefinition
        {
            Id = nodes.Text(step, "id", $"{path}.id"),
            Kind = nodes.Text(step, "kind", $"{path}.kind"),
            Title = nodes.Text(step, "title", $"{path}.title"),
            Minutes = nodes.Number(step, "minutes", $"{path}.minutes") ?? 0,
            Phases = nodes.Mappings(step, "phases", $"{path}.phases").Select(p =>
            {
                var at = $"{path}.phases[{p.Index}]";
                nodes.RejectUnknownKeys(p.Node, PhaseKeys, "a phase");
                return new ExercisePhase(nodes.Text(p.Node, "name", $"{at}.name"), nodes.Number(p.Node, "seconds", $"{at}.seconds") ?? 0,
                    nodes.Text(p.Node, "script", $"{at}.script"), OptionalText(nodes, p.Node, "audio", $"{at}.audio"));
            }).ToList(),
            Audio = OptionalText(nodes, step, "audio", $"{path}.audio"),
            Fields = nodes.Mappings(step, "fields", $"{path}.fields").Select(f =>
            {
                var at = $"{path}.fields[{f.Index}]";
                nodes.RejectUnknownKeys(f.Node, FieldKeys, "a field");
                var help = nodes.Text(f.Node, "help", $"{at}.help", required: false);
                return new FieldDefinition
                {
                    Id = nodes.Text(f.Node, "id", $"{at}.id"),
                    Label = nodes.Text(f.Node, "label", $"{at}.label"),
                    Type = nodes.Text(f.Node, "type", $"{at}.type"),
                    Help = help.Length == 0 ? null : help,
                    Min = nodes.Number(f.Node, "min", $"{at}.min", required: false),
                    Max = nodes.Number(f.Node, "max", $"{at}.max", required: false),
                    Options = nodes.Strings(f.Node, "options", $"{at}.options"),
                };
            }).ToList(),
            Questions = nodes.Mappings(step, "questions", $"{path}.questions").Select(q =>
            {
                var at = $"{path}.questions[{q.Index}]";
                nodes.RejectUnknownKeys(q.Node, QuestionKeys, "a question");
                return new QuizQuestion
                {
                    Id = nodes.Text(q.Node, "id", $"{at}.id"),
                    Text = nodes.Text(q.Node, "text", $"{at}.text"),
                    Options = nodes.Strings(q.Node, "options", $"{at}.options"),
                    Answer = nodes.Number(q.Node, "answer", $"{at}.answer") ?? -1,
                    Explain = nodes.Text(q.Node, "explain", $"{at}.explain", required: false),
                };
            }).ToList(),
        };
    }

    private static string? OptionalText(YamlNodes nodes, YamlMappingNode node, string key, string path)
    {
        var text = nodes.Text(node, key, path, required: false);
        return text.Length == 0 ? null : text;
    }

    /// <summary>Splits the body at <c>&lt;!-- step: id --&gt;</c> markers; remembers each marker's line as the step's body line.</summary>
    private static Dictionary<string, string> ReadBodies(string[] lines, int start, ModuleDefinition module, YamlNodes nodes, Action<int, string> report)
    {
        var bodies = new Dictionary<string, string>();
        string? current = null;
        var text = new StringBuilder();
        void Flush()
        {
            if (current is not null)
                bodies[current] = text.ToString().Trim('\n', ' ');
            text.Clear();
        }

        for (var i = start; i < lines.Length; i++)
        {
            var marker = StepMarker().Match(lines[i]);
            if (!marker.Success)
            {
                if (current is null && lines[i].Trim().Length > 0)
                    report(i + 1, "text before the first '<!-- step: id -->' marker belongs to no step");
                else
                    text.Append(lines[i]).Append('\n');
                continue;
            }
            Flush();
            current = marker.Groups[1].Value;
            var index = module.Steps.ToList().FindIndex(s => s.Id == current);
            if (index < 0)
                report(i + 1, $"the marker names step '{current}', which is not in the front matter");
            else if (bodies.ContainsKey(current))
                report(i + 1, $"step '{current}' has a second text marker");
            else
                nodes.Lines[$"steps[{index}].body"] = i + 1;
        }
        Flush();
        return bodies;
    }

    /// <summary>The line of a path, or of its nearest parent (steps[2].fields[1].type, steps[2].fields[1], steps[2]...).</summary>
    private static int LineFor(string path, IReadOnlyDictionary<string, int> lines)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (lines.TryGetValue(p, out var line))
                return line;
        }
        return 1;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    [GeneratedRegex(@"^<!--\s*step:\s*([^\s>]+)\s*-->\s*$")]
    private static partial Regex StepMarker();
}
