namespace CbtProgram.Web.Curriculum.Files;

/// <summary><c>dotnet run --project src/CbtProgram.Web -- curriculum validate [folder]</c>: lists every problem, exits 1 if any.</summary>
public static class ValidateCommand
{
    public static bool Matches(string[] args) => args is ["curriculum", "validate", ..];

    public static int Run(string[] args, TextWriter output)
    {
        var folder = args.Length > 2 ? Path.GetFullPath(args[2])
            : CurriculumFolder.Resolve(new ConfigurationBuilder().Build(), Directory.GetCurrentDirectory());
        var result = CurriculumFolderReader.Read(folder);
        foreach (var problem in result.Problems)
            output.WriteLine(problem);
        if (result.IsValid)
        {
            var s = result.Snapshot!;
            output.WriteLine($"{folder}: valid. {s.Modules.Count} modules ({string.Join(", ", s.Modules.Select(m => $"week {m.Week}: {m.TotalMinutes} min"))}); measures: {string.Join(", ", s.Measures.Select(m => m.Measure.Name))}.");
            return 0;
        }
        output.WriteLine($"{folder}: {result.Problems.Count} problem{(result.Problems.Count == 1 ? "" : "s")}.");
        return 1;
    }
}
