using CbtProgram.Web.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CbtProgram.UnitTests.Security;

public sealed class DeploymentChecksTests : IDisposable
{
    private const string Password = "unit-test-password";
    private readonly string _folder = Directory.CreateTempSubdirectory("cbt-checks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A certificate made the way docker compose makes one (the site's own command).</summary>
    private string Certificate(string name = "kek")
    {
        var path = Path.Combine(_folder, name + ".pfx");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:Certificate:Password"] = Password }).Build();
        Assert.Equal(0, KeyCertificateCommand.Run(["keys", "new-certificate", path], new StringWriter(), settings, TimeProvider.System));
        return path;
    }

    private static IReadOnlyList<string> Problems(string environment, Dictionary<string, string?> settings) =>
        DeploymentChecks.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new HostingEnvironment { EnvironmentName = environment });

    private Dictionary<string, string?> SafeProduction() => new()
    {
        ["Mail:SiteUrl"] = "https://cbt.example.org",
        ["DataProtection:Certificate:Path"] = Certificate(),
        ["DataProtection:Certificate:Password"] = Password,
    };

    [Fact]
    public void Production_WithAnHttpsAddressAndACertificate_HasNoProblem() => Assert.Empty(Problems(Environments.Production, SafeProduction()));

    [Fact]
    public void Production_WithNothingSet_NamesTheAddressAndTheCertificate()
    {
        var problems = Problems(Environments.Production, []);

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("the public address Mail:SiteUrl is \"http://localhost:5000\", which is not an https address", problems[0]);
        Assert.StartsWith("the sign-in keys would be stored unencrypted: set DataProtection:Certificate:Path", problems[1]);
    }

    [Theory]
    [InlineData("true", 1)]
    [InlineData("false", 0)]
    public void Production_SeedingDemoAccounts_IsRefused(string seed, int expected)
    {
        var settings = SafeProduction();
        settings["Demo:Seed"] = seed;

        var problems = Problems(Environments.Production, settings);

        Assert.Equal(expected, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("demo accounts (with their published password) are never made in Production", p));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void OtherEnvironments_MayRunOnPlainHttp_WithDemoAccounts_AndUnencryptedKeys(string environment) =>
        Assert.Empty(Problems(environment, new() { ["Mail:SiteUrl"] = "http://localhost:5000", ["Demo:Seed"] = "true" }));

    [Fact]
    public void AWrongCertificatePassword_IsRefusedInAnyEnvironment()
    {
        var problems = Problems("Development", new() { ["DataProtection:Certificate:Path"] = Certificate(), ["DataProtection:Certificate:Password"] = "wrong" });

        Assert.StartsWith("the key-encryption certificate ", Assert.Single(problems));
        Assert.Contains("cannot be opened: check DataProtection:Certificate:Password", problems[0]);
    }

    [Fact]
    public void AMissingPreviousCertificate_IsRefused()
    {
        var settings = SafeProduction();
        settings["DataProtection:PreviousCertificates:0:Path"] = Path.Combine(_folder, "gone.pfx");

        Assert.Contains("DataProtection:PreviousCertificates:0:Path", Assert.Single(Problems(Environments.Production, settings)));
    }

    [Fact]
    public void ProxySettingsThatAreNotAddresses_AreRefused()
    {
        var problems = Problems("Development", new() { ["Proxy:KnownProxies:0"] = "proxy.local", ["Proxy:KnownNetworks"] = "172.30.0.0/24, 10.0.0.0/33" });

        Assert.Equal(["Proxy:KnownProxies holds \"proxy.local\", which is not an IP address (such as 10.0.0.5)",
            "Proxy:KnownNetworks holds \"10.0.0.0/33\", which is not a network in CIDR form (such as 172.30.0.0/24)"], problems);
    }
}
