namespace CbtProgram.Benchmarks.Running;

/// <summary>The checkout the benchmark runs from: found by walking up to CbtProgram.sln, as the site finds its data folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The site's content root: its appsettings.json, and the folder the curriculum is found from.</summary>
    public static string WebProject => Path.Combine(Root, "src", "CbtProgram.Web");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CbtProgram.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmarks from inside the CbtProgram checkout: CbtProgram.sln was not found above this folder.");
    }
}
