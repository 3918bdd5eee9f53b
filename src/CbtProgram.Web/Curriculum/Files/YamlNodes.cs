using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>
/// Reads typed values from a YAML mapping and remembers the line of every value it reads, so that
/// problems found later can point at a line. Type errors are reported, never thrown.
/// </summary>
internal sealed class YamlNodes(int lineOffset, Action<int, string> report)
{
    public Dictionary<string, int> Lines { get; } = new();

    public int LineOf(YamlNode node) => (int)node.Start.Line + lineOffset;

    public void Remember(string path, YamlNode node) => Lines[path] = LineOf(node);

    public YamlNode? Get(YamlMappingNode map, string key, string path)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return null;
        Remember(path, node);
        return node;
    }

    public string Text(YamlMappingNode map, string key, string path, bool required = true)
    {
        var node = Get(map, key, path);
        if (node is YamlScalarNode scalar)
            return scalar.Value ?? "";
        if (node is null)
        {
            if (required)
                report(LineOf(map), $"'{key}' is missing");
            return "";
        }
        report(LineOf(node), $"'{key}' must be a single value");
        return "";
    }

    public int? Number(YamlMappingNode map, string key, string path, bool required = true)
    {
        var node = Get(map, key, path);
        if (node is null)
        {
            if (required)
                report(LineOf(map), $"'{key}' is missing");
            return null;
        }
        if (node is YamlScalarNode { Value: { } value } && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            return number;
        report(LineOf(node), $"'{key}' must be a whole number");
        return null;
    }

    public IReadOnlyList<string> Strings(YamlMappingNode map, string key, string path)
    {
        var node = Get(map, key, path);
        if (node is null)
            return [];
        if (node is YamlSequenceNode sequence)
        {
            var values = new List<string>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                Remember($"{path}[{i}]", sequence.Children[i]);
                values.Add(sequence.Children[i] is YamlScalarNode s ? s.Value ?? "" : "");
            }
            return values;
        }
        report(LineOf(node), $"'{key}' must be a list");
        return [];
    }

    public IEnumerable<(YamlMappingNode Node, int Index)> Mappings(YamlMappingNode map, string key, string path)
    {
        var node = Get(map, key, path);
        if (node is null)
            yield break;
        if (node is not YamlSequenceNode sequence)
        {
            report(LineOf(node), $"'{key}' must be a list");
            yield break;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            Remember($"{path}[{i}]", sequence.Children[i]);
            if (sequence.Children[i] is YamlMappingNode item)
                yield return (item, i);
            else
                report(LineOf(sequence.Children[i]), $"each item of '{key}' must be a set of keys and values");
        }
    }

    public void RejectUnknownKeys(YamlMappingNode map, IReadOnlyCollection<string> known, string what)
    {
        foreach (var (keyNode, _) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key))
                report(LineOf(keyNode), $"unknown key '{key}' in {what} (known: {string.Join(", ", known)})");
        }
    }
}
