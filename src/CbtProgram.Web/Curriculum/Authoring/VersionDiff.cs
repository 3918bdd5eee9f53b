using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace CbtProgram.Web.Curriculum.Authoring;

/// <summary>A readable line-by-line difference between two versions of a module or of a settings file, in the file format admins know.</summary>
public static class VersionDiff
{
    public sealed record Line(string Kind, int? Number, string Text);

    public static IReadOnlyList<Line> Between(ModuleDefinition older, ModuleDefinition newer) =>
        Between(ModuleFileWriter.Write(older), ModuleFileWriter.Write(newer));

    public static IReadOnlyList<Line> Between(string older, string newer)
    {
        var diff = new InlineDiffBuilder(new Differ()).BuildDiffModel(older, newer, ignoreWhitespace: false);
        return diff.Lines.Select(l => new Line(l.Type switch
        {
            ChangeType.Inserted => "added",
            ChangeType.Deleted => "removed",
            _ => "same",
        }, l.Position, l.Text)).ToList();
    }

    /// <summary>Only the changed lines with two lines of context around each change.</summary>
    public static IReadOnlyList<Line> Changes(ModuleDefinition older, ModuleDefinition newer, int context = 2) =>
        Changes(Between(older, newer), context);

    /// <summary>The changed lines of two texts with two lines of context around each change.</summary>
    public static IReadOnlyList<Line> Changes(string older, string newer, int context = 2) =>
        Changes(Between(older, newer), context);

    private static IReadOnlyList<Line> Changes(IReadOnlyList<Line> lines, int context)
    {
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == "same")
                continue;
            for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
                keep[j] = true;
        }
        return lines.Where((_, i) => keep[i]).ToList();
    }
}
