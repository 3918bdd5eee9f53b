using System.Globalization;
using System.Text;
using CbtProgram.Web.Curriculum.Definitions;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>Writes a module back into the file format <see cref="ModuleFileReader"/> reads, without losing anything.</summary>
public static class ModuleFileWriter
{
    public static string Write(ModuleDefinition module)
    {
        var root = new YamlMappingNode
        {
            { "week", Number(module.Week) },
            { "title", module.Title },
            { "summary", module.Summary },
            { "components", new YamlSequenceNode(module.Components.Select(c => new YamlScalarNode(c))) { Style = SequenceStyle.Flow } },
            { "steps", new YamlSequenceNode(module.Steps.Select(StepNode)) },
        };

        var yaml = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(yaml, assignAnchors: false);
        var yamlLines = yaml.ToString().TrimEnd('\n').Split('\n').ToList();
        if (yamlLines.Count > 0 && yamlLines[^1].Trim() == "...")
            yamlLines.RemoveAt(yamlLines.Count - 1);
        var frontMatter = string.Join('\n', yamlLines).TrimEnd('\n');

        var text = new StringBuilder();
        text.Append("---\n").Append(frontMatter).Append("\n---\n");
        foreach (var step in module.Steps.Where(s => s.Body.Trim().Length > 0))
            text.Append('\n').Append($"<!-- step: {step.Id} -->").Append('\n').Append(step.Body.Trim()).Append('\n');
        return text.ToString();
    }

    public static string FileName(ModuleDefinition module)
    {
        var slug = new string(module.Title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        slug = string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries).Take(6));
        return $"week-{module.Week:00}-{slug}.md";
    }

    private static YamlMappingNode StepNode(StepDefinition step)
    {
        var node = new YamlMappingNode
        {
            { "id", step.Id },
            { "kind", step.Kind },
            { "title", step.Title },
            { "minutes", Number(step.Minutes) },
        };
        if (step.Phases.Count > 0)
        {
            node.Add("phases", new YamlSequenceNode(step.Phases.Select(p =>
            {
                var phase = new YamlMappingNode { { "name", p.Name }, { "seconds", Number(p.Seconds) }, { "script", p.Script } };
                if (p.Audio is not null)
                    phase.Add("audio", p.Audio);
                return phase;
            })));
        }
        if (step.Audio is not null)
            node.Add("audio", step.Audio);
        if (step.Fields.Count > 0)
            node.Add("fields", new YamlSequenceNode(step.Fields.Select(FieldNode)));
        if (step.Questions.Count > 0)
        {
            node.Add("questions", new YamlSequenceNode(step.Questions.Select(q =>
            {
                var question = new YamlMappingNode
                {
                    { "id", q.Id }, { "text", q.Text },
                    { "options", new YamlSequenceNode(q.Options.Select(o => new YamlScalarNode(o))) },
                    { "answer", Number(q.Answer) },
                };
                if (q.Explain.Length > 0)
                    question.Add("explain", q.Explain);
                return question;
            })));
        }
        return node;
    }

    private static YamlMappingNode FieldNode(FieldDefinition field)
    {
        var node = new YamlMappingNode { { "id", field.Id }, { "label", field.Label }, { "type", field.Type } };
        if (!string.IsNullOrEmpty(field.Help))
            node.Add("help", field.Help);
        if (field.Min is { } min)
            node.Add("min", Number(min));
        if (field.Max is { } max)
            node.Add("max", Number(max));
        if (field.Options.Count > 0)
            node.Add("options", new YamlSequenceNode(field.Options.Select(o => new YamlScalarNode(o))));
        return node;
    }

    private static YamlScalarNode Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));
}
