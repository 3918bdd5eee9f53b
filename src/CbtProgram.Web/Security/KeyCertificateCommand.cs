using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CbtProgram.Web.Security;

/// <summary>
/// <c>keys new-certificate &lt;path&gt;</c>: makes a key-encryption certificate (RSA 3072, self-signed, 10 years; only its
/// key is used) as a .pfx protected by <c>DataProtection:Certificate:Password</c>, readable only by its owner. An existing
/// file is left as it is, so a container can run this on every start. The README shows the same with openssl.
/// </summary>
public static class KeyCertificateCommand
{
    public static bool Matches(string[] args) => args is ["keys", "new-certificate", ..];

    public static int Run(string[] args, TextWriter output, IConfiguration configuration, TimeProvider clock)
    {
        if (args.Length < 3)
        {
            output.WriteLine("Say where to write it: keys new-certificate /keys/dataprotection.pfx");
            return 1;
        }
        var path = Path.GetFullPath(args[2]);
        if (File.Exists(path))
        {
            output.WriteLine($"{path} already exists; it was left as it is.");
            return 0;
        }
        var password = configuration[$"{KeyEncryption.CertificateSection}:Password"];
        if (string.IsNullOrEmpty(password))
        {
            output.WriteLine($"Set {KeyEncryption.CertificateSection}:Password (for example DataProtection__Certificate__Password) first: the file is protected with it.");
            return 1;
        }
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=CbtProgram key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = clock.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
            file.Write(certificate.Export(X509ContentType.Pfx, password));
        output.WriteLine($"Wrote the key-encryption certificate {path} (thumbprint {certificate.Thumbprint}). Keep a copy somewhere safe, apart from the database's backups.");
        return 0;
    }
}
