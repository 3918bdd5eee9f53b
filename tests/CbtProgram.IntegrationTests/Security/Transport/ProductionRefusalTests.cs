namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>
/// The built site started as its own process in Production with an unsafe deployment: it exits 1 before it touches the
/// database and says, in one sentence, what to set.
/// </summary>
public sealed class ProductionRefusalTests : IDisposable
{
    private const string Refusal = "CbtProgram could not start: ";
    private readonly string _keys = Directory.CreateTempSubdirectory("cbt-keys-").FullName;

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    [Fact]
    public async Task Production_AskedToSeedDemoAccounts_RefusesToStart()
    {
        var settings = KeyEncryptionCertificate.ProductionSettings(KeyEncryptionCertificate.Create(_keys));
        settings["Demo__Seed"] = "true";

        var output = await RefusedAsync(settings);

        Assert.Contains(Refusal + "demo accounts (with their published password) are never made in Production: remove Demo:Seed or set it to false.", output);
    }

    [Fact]
    public async Task Production_WithAPlainHttpAddress_AndNoKeyEncryptionCertificate_RefusesToStart_SayingBoth()
    {
        var output = await RefusedAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Mail__SiteUrl"] = "http://cbt.example.org",
        });

        Assert.Contains(Refusal + "the public address Mail:SiteUrl is \"http://cbt.example.org\", which is not an https address", output);
        Assert.Contains("; the sign-in keys would be stored unencrypted: set DataProtection:Certificate:Path", output);
    }

    /// <summary>Starts the site (on a database that does not exist: it must refuse before it needs one) and expects exit 1.</summary>
    private static async Task<string> RefusedAsync(Dictionary<string, string> settings)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var site = await SiteProcess.StartAsync("Host=127.0.0.1;Port=1;Database=none;Username=none", configuration, settings);
        });
        Assert.StartsWith("The site process exited with 1:", error.Message);
        return error.Message;
    }
}
