using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CbtProgram.Benchmarks.Running;

/// <summary><c>--name value</c> pairs, checked against the options a benchmark declares; the declared defaults fill the gaps.</summary>
public sealed class BenchmarkOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchmarkOptions(Dictionary<string, string> values) => _values = values;

    public static bool TryParse(IReadOnlyList<string> args, IReadOnlyList<BenchmarkOption> declared,
        [NotNullWhen(true)] out BenchmarkOptions? options, [NotNullWhen(false)] out string? problem)
    {
        var values = declared.ToDictionary(o => o.Name, o => o.Default, StringComparer.OrdinalIgnoreCase);
        options = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !values.ContainsKey(name))
            {
                problem = $"unknown option '{args[i]}'.";
                return false;
            }
            if (i + 1 >= args.Count)
            {
                problem = $"'{args[i]}' needs a value.";
                return false;
            }
            values[name] = args[i + 1];
        }
        options = new BenchmarkOptions(values);
        problem = null;
        return true;
    }

    public string Text(string name) => _values[name];

    public int Number(string name) =>
        int.TryParse(_values[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value : throw new ArgumentException($"--{name} must be a whole number, not '{_values[name]}'.");

    public IReadOnlyList<int> Numbers(string name) =>
        _values[name].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value : throw new ArgumentException($"--{name} must be whole numbers separated by commas, not '{_values[name]}'."))
            .ToList();

    public bool Flag(string name) => _values[name] is "true" or "yes" or "1";
}
