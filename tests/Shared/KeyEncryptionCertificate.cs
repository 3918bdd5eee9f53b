using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CbtProgram.Testing;

/// <summary>A throwaway key-encryption certificate (.pfx) for sites started as Production would be: the same kind the README's openssl commands make.</summary>
public static class KeyEncryptionCertificate
{
    public const string Password = "test-key-encryption-password";

    /// <summary>Writes a new self-signed RSA certificate with its private key to a .pfx file in the folder; returns its path.</summary>
    public static string Create(string folder, string name = "dataprotection")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=CbtProgram key encryption ({name})", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        var path = Path.Combine(folder, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>The settings (as environment variables) a Production site needs besides its database: https address and key encryption.</summary>
    public static Dictionary<string, string> ProductionSettings(string certificatePath) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Mail__SiteUrl"] = "https://cbt.example.org",
        ["DataProtection__Certificate__Path"] = certificatePath,
        ["DataProtection__Certificate__Password"] = Password,
    };
}
