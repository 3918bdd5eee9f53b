using CbtProgram.Web.Crisis;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Publishing;

namespace CbtProgram.Web.Curriculum.Settings;

/// <summary>Start-up refused because a patient at risk would not be caught or not be shown where to get help; the message is one sentence.</summary>
public sealed class UnsafeSettingsException(string message) : Exception(message);

/// <summary>
/// In Production the site refuses to start on unsafe settings rather than run without its safety net: crisis
/// resources with no contact, or live program settings (or, before any are published, the seed files) that break the
/// <see cref="Definitions.SafetyRules"/>. Other environments start and log a warning, so the problem can be fixed in the site.
/// </summary>
public static class SafeStart
{
    /// <summary>Before anything else: needs only the configuration.</summary>
    public static void EnsureCrisisContacts(IConfiguration configuration, IHostEnvironment environment)
    {
        if (CrisisContactsRule.Problem(configuration, environment) is { } problem)
            throw new UnsafeSettingsException(problem + ".");
    }

    /// <summary>After the curriculum has loaded: the settings the site will run on.</summary>
    public static async Task EnsureSafeProgramSettingsAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var live = await provider.GetRequiredService<ProgramSettingsCatalog>().LiveFilesAsync();
        var sentence = live.Count > 0
            ? Sentence("the live program settings", ProgramSettingsReader.SafetyProblems(live),
                "import fixed files and publish them from the admin pages of a site started outside Production on this database, then start again")
            : Sentence("there are no program settings yet, and the curriculum files", SeedSafetyProblems(provider.GetRequiredService<CurriculumLoader>().Folder),
                "fix them (curriculum validate lists every problem) and start again");
        if (sentence is null)
            return;
        if (provider.GetRequiredService<IHostEnvironment>().IsProduction())
            throw new UnsafeSettingsException(sentence);
        provider.GetRequiredService<ILogger<ProgramSettingsDrafts>>().LogWarning("Unsafe program settings: {Problems}", sentence);
    }

    private static string? Sentence(string what, IReadOnlyList<CurriculumProblem> problems, string remedy) =>
        problems.Count == 0 ? null : $"{what} are not safe ({string.Join("; ", problems)}): {remedy}.";

    private static IReadOnlyList<CurriculumProblem> SeedSafetyProblems(string folder)
    {
        var programPath = Path.Combine(folder, CurriculumFolderReader.ProgramFile);
        if (!File.Exists(programPath))
            return [new CurriculumProblem(CurriculumFolderReader.ProgramFile, 0, $"program.yaml is missing from {folder}")];
        var files = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Select(path => new SettingsFile(Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();
        return ProgramSettingsReader.SafetyProblems(files);
    }
}
