using System.Globalization;
using System.Runtime.CompilerServices;

namespace CbtProgram.UnitTests.Outcomes;

/// <summary>The reference tables in Reference/ (made by Reference/make_reference.py, independently of the site's code).</summary>
internal static class ReferenceCsv
{
    public static IEnumerable<Dictionary<string, string>> Rows(string file, [CallerFilePath] string here = "")
    {
        var lines = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(here)!, "Reference", file));
        var header = lines[0].Split(',');
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            yield return header.Select((h, i) => (h, cells[i])).ToDictionary(x => x.h, x => x.Item2);
        }
    }

    public static double? Number(string cell) => cell.Length == 0 ? null : double.Parse(cell, CultureInfo.InvariantCulture);

    public static List<double> Numbers(string cell) => cell.Length == 0 ? [] : cell.Split(';').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToList();

    public static void Near(double? expected, double? actual, string what)
    {
        if (expected is null || actual is null)
            Assert.True(expected is null && actual is null, $"{what}: expected {expected?.ToString() ?? "none"}, got {actual?.ToString() ?? "none"}");
        else
            Assert.True(Math.Abs(expected.Value - actual.Value) < 1e-9, $"{what}: expected {expected}, got {actual}");
    }
}
