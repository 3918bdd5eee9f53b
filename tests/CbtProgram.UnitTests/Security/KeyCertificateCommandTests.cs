using System.Security.Cryptography.X509Certificates;
using CbtProgram.Web.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace CbtProgram.UnitTests.Security;

public sealed class KeyCertificateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cbt-kek-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Settings(string? password, string? path = null) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["DataProtection:Certificate:Password"] = password,
        ["DataProtection:Certificate:Path"] = path,
        ["Mail:SiteUrl"] = "https://cbt.example.org",
    }).Build();

    [Fact]
    public void NewCertificate_IsOneTheSiteAcceptsForProduction_ReadableOnlyByItsOwner()
    {
        var path = Path.Combine(_folder, "keys", "dataprotection.pfx");

        var exit = KeyCertificateCommand.Run(["keys", "new-certificate", path], new StringWriter(), Settings("s3cret"), TimeProvider.System);

        Assert.Equal(0, exit);
        Assert.Empty(DeploymentChecks.Problems(Settings("s3cret", path), new HostingEnvironment { EnvironmentName = "Production" }));
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, "s3cret");
        Assert.True(certificate.HasPrivateKey);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void AnExistingCertificate_IsLeftAsItIs()
    {
        var path = Path.Combine(_folder, "dataprotection.pfx");
        File.WriteAllText(path, "the old one");

        var exit = KeyCertificateCommand.Run(["keys", "new-certificate", path], new StringWriter(), Settings("s3cret"), TimeProvider.System);

        Assert.Equal(0, exit);
        Assert.Equal("the old one", File.ReadAllText(path));
    }

    [Fact]
    public void WithoutAPassword_NothingIsWritten()
    {
        var path = Path.Combine(_folder, "dataprotection.pfx");
        var output = new StringWriter();

        var exit = KeyCertificateCommand.Run(["keys", "new-certificate", path], output, Settings(null), TimeProvider.System);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(path));
        Assert.StartsWith("Set DataProtection:Certificate:Password", output.ToString());
    }
}
