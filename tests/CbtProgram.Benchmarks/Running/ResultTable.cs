namespace CbtProgram.Benchmarks.Running;

/// <summary>The figures as a plain-text table: what was measured, its target, and whether it met it.</summary>
public static class ResultTable
{
    public static async Task WriteAsync(TextWriter output, string title, IReadOnlyList<Figure> figures)
    {
        string[] headings = ["figure", "measured", "target", "result"];
        var rows = figures.Select(f => new[] { f.Name, f.Measured, f.Target, f.Passed switch { true => "pass", false => "FAIL", null => "" } }).ToList();
        var widths = Enumerable.Range(0, headings.Length).Select(c => rows.Select(r => r[c].Length).Append(headings[c].Length).Max()).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => cell.PadRight(widths[c]))) + " |";

        await output.WriteLineAsync($"Results: {title} ({DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, {Environment.MachineName})");
        await output.WriteLineAsync(Line(headings));
        await output.WriteLineAsync("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
            await output.WriteLineAsync(Line(row));
    }
}
