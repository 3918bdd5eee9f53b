using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Safety;

/// <summary>The questionnaires as shipped in curriculum/measures, read once: the band edges tested are the real ones.</summary>
internal static class ShippedMeasures
{
    private static readonly Lazy<IReadOnlyList<MeasureDefinition>> All = new(() =>
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "CbtProgram.sln")))
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("CbtProgram.sln not found above the test folder.");
        var read = CurriculumFolderReader.Read(Path.Combine(folder, "curriculum"));
        return read.Snapshot?.Measures.Select(m => m.Measure).ToList() ?? throw new InvalidOperationException(string.Join("\n", read.Problems));
    });

    public static MeasureDefinition Get(string id) => All.Value.Single(m => m.Id == id);

    /// <summary>Answers by item id: every item given <paramref name="each"/>, then the exceptions.</summary>
    public static Dictionary<int, int?> Answers(MeasureDefinition measure, int? each, params (int Item, int? Value)[] except)
    {
        var answers = measure.Items.ToDictionary(i => i.Id, _ => each);
        foreach (var (item, value) in except)
            answers[item] = value;
        return answers;
    }
}
