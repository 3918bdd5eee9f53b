namespace CbtProgram.IntegrationTests.Hosting;

/// <summary>
/// The built site started as its own process in Production on unsafe settings: it must refuse, exit 1 and say why in
/// one sentence, rather than run without its safety net.
/// </summary>
public sealed class ProductionStartupTests : IAsyncLifetime
{
    private const string Refusal = "CbtProgram could not start: ";
    private const string Server = "integrationtests";
    private static readonly string Shipped = Path.Combine(TestDatabaseServer.RepositoryRoot(), "curriculum");
    private readonly string _copy = Directory.CreateTempSubdirectory("cbt-production-").FullName;
    private string _database = "";
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        foreach (var dir in Directory.GetDirectories(Shipped, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(Shipped, _copy, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(Shipped, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(Shipped, _copy, StringComparison.Ordinal));
        (_database, _connectionString) = await TestDatabaseServer.CreateDatabaseAsync(Server);
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_copy, recursive: true);
        await (await TestDatabaseServer.GetAsync(Server)).DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Production_WithNoCrisisContacts_RefusesToStart_InOneSentence()
    {
        var settings = ProductionOn(_copy);
        // appsettings.json ships five contacts; blank every one (and a few more) so that none is left to show.
        for (var i = 0; i < 10; i++)
        {
            foreach (var key in new[] { "Name", "Details", "Phone" })
                settings[$"CrisisResources__Contacts__{i}__{key}"] = "";
        }

        var output = await RefusedAsync(settings);

        Assert.Contains(Refusal + "the crisis resources have no contact to show a patient at risk: set CrisisResources:Contacts for this deployment, each with a Name, and Details or a Phone.", output);
    }

    [Fact]
    public async Task Production_OnAnEmptyDatabase_WithFilesWithoutTheItem9Rule_RefusesToStart_InOneSentence()
    {
        var phq9 = Path.Combine(_copy, "measures", "phq-9.yaml");
        var lines = File.ReadAllLines(phq9).ToList();
        Assert.Equal(1, lines.RemoveAll(l => l.Contains("{ item: 9, above: 0", StringComparison.Ordinal)));
        File.WriteAllLines(phq9, lines);
        var line = lines.FindIndex(l => l.StartsWith("risk_rules:", StringComparison.Ordinal)) + 1;

        var output = await RefusedAsync(ProductionOn(_copy));

        Assert.Contains(Refusal + "there are no program settings yet, and the curriculum files are not safe "
            + $"(measures/phq-9.yaml:{line}: PHQ-9 has no risk rule for item 9", output);
        Assert.Contains("fix them (curriculum validate lists every problem) and start again.", output);
    }

    /// <summary>Production with a safe deployment (https address, key-encryption certificate), so only the clinical settings are in question.</summary>
    private Dictionary<string, string> ProductionOn(string folder)
    {
        var settings = KeyEncryptionCertificate.ProductionSettings(KeyEncryptionCertificate.Create(_copy));
        settings["Curriculum__Folder"] = folder;
        return settings;
    }

    /// <summary>Starts the site and expects it to exit with 1 before it ever answers; returns what it printed.</summary>
    private async Task<string> RefusedAsync(Dictionary<string, string> settings)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var site = await SiteProcess.StartAsync(_connectionString, configuration, settings);
        });
        Assert.StartsWith("The site process exited with 1:", error.Message);
        return error.Message;
    }
}
