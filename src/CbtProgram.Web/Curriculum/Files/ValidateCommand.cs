using CbtProgram.Web.Crisis;

namespace CbtProgram.Web.Curriculum.Files;

/// <summary>
/// <c>dotnet run --project src/CbtProgram.Web -- curriculum validate [folder]</c>: lists every problem, exits 1 if any.
/// Given the site's configuration and environment, it also checks the crisis contacts, as a Production start-up does.
/// </summary>
public static class ValidateCommand
{
    public static bool Matches(string[] args) => args is ["curriculum", "validate", ..];

    public static int Run(string[] args, TextWriter output, IConfiguration? configuration = null, IHostEnvironment? environment = null)
    {
        var folder = args.Length > 2 ? Path.GetFullPath(args[2])
            : CurriculumFolder.Resolve(configuration ?? new ConfigurationBuilder().Build(), Directory.GetCurrentDirectory());
        var result = CurriculumFolderReader.Read(folder);
        var problems = result.Problems.ToList();
        if (configuration is not null && environment is not null && CrisisContactsRule.Problem(configuration, environment) is { } crisis)
            problems.Add(new CurriculumProblem($"configuration {CrisisContactsRule.Setting} ({environment.EnvironmentName})", 0, crisis));
        if (configuration is not null && environment is not null)
            problems.AddRange(Security.DeploymentChecks.Problems(configuration, environment).Select(p => new CurriculumProblem($"configuration ({environment.EnvironmentName})", 0, p)));
        foreach (var problem in problems)
            output.WriteLine(problem);
        if (problems.Count == 0)
        {
            var s = result.Snapshot!;
            output.WriteLine($"{folder}: valid. {s.Modules.Count} modules ({string.Join(", ", s.Modules.Select(m => $"week {m.Week}: {m.TotalMinutes} min"))}); measures: {string.Join(", ", s.Measures.Select(m => m.Measure.Name))}.");
            return 0;
        }
        output.WriteLine($"{folder}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}.");
        return 1;
    }
}
