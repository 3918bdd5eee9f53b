using CbtProgram.Web.Curriculum.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CbtProgram.IntegrationTests.Curriculum;

/// <summary><c>curriculum validate</c> reports unsafe settings with file and line, and the crisis contacts as a Production start-up would.</summary>
public sealed class ValidateSafetyTests : IDisposable
{
    private static readonly string Shipped = Path.Combine(TestDatabaseServer.RepositoryRoot(), "curriculum");
    private readonly string _copy = Directory.CreateTempSubdirectory("cbt-validate-").FullName;

    public ValidateSafetyTests()
    {
        foreach (var dir in Directory.GetDirectories(Shipped, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(Shipped, _copy, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(Shipped, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(Shipped, _copy, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    [Fact]
    public void Validate_FilesWithoutTheItem9RuleOrAWeeklyPhq9_ListsBothWithFileAndLine_AndFails()
    {
        Change("measures/phq-9.yaml", "  - { item: 9, above: 0, reason: \"An answer above 0 on question 9 (thoughts of being better off dead or of self-harm)\" }\n", "");
        Change("program.yaml", "{ id: weekly, when: each-session-start, measures: [phq-9] }", "{ id: weekly, when: each-session-start, measures: [] }");
        var output = new StringWriter();

        var exit = ValidateCommand.Run(["curriculum", "validate", _copy], output);

        Assert.Equal(1, exit);
        Assert.Matches(@"measures/phq-9\.yaml:\d+: PHQ-9 has no risk rule for item 9", output.ToString());
        Assert.Matches(@"program\.yaml:9: the weekly check-in must ask PHQ-9", output.ToString());
        Assert.Contains(": 2 problems.", output.ToString());
    }

    [Theory]
    [InlineData("Production", 1)]
    [InlineData("Development", 0)]
    public void Validate_WithNoCrisisContacts_FailsOnlyInProduction(string environment, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CrisisResources:LinkText"] = "Get help now" }).Build();
        var output = new StringWriter();

        var exit = ValidateCommand.Run(["curriculum", "validate", Shipped], output, configuration, new HostingEnvironment { EnvironmentName = environment });

        Assert.Equal(expected, exit);
        Assert.Equal(environment == Environments.Production,
            output.ToString().Contains("configuration CrisisResources:Contacts (Production): the crisis resources have no contact to show a patient at risk", StringComparison.Ordinal));
    }

    private void Change(string file, string find, string replace)
    {
        var path = Path.Combine(_copy, file);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
    }
}
