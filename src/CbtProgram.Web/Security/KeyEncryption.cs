using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace CbtProgram.Web.Security;

/// <summary>
/// The Data Protection key ring (the keys behind every sign-in and antiforgery cookie) lives in the database; each key is
/// encrypted there with a key-encryption certificate that lives outside it, so a copy of the database (a backup, a read
/// replica, a SQL injection) cannot forge anyone's cookie. <c>DataProtection:Certificate:Path</c> and <c>:Password</c>
/// name the certificate new keys are encrypted with; <c>DataProtection:PreviousCertificates:n:Path</c> and <c>:Password</c>
/// the ones older keys may still be encrypted with, kept until those keys have expired (rotation: see the README).
/// </summary>
public static class KeyEncryption
{
    public const string Section = "DataProtection";
    public const string CertificateSection = $"{Section}:Certificate";
    public const string PreviousSection = $"{Section}:PreviousCertificates";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var current = configuration.GetSection(CertificateSection);
        if (string.IsNullOrWhiteSpace(current["Path"]))
            return builder;
        var certificate = Load(current);
        builder.ProtectKeysWithCertificate(certificate);
        builder.UnprotectKeysWithAnyCertificate([certificate, .. configuration.GetSection(PreviousSection).GetChildren().Select(Load)]);
        return builder;
    }

    /// <summary>What is wrong with the configured certificates, as sentences; in Production a missing one is wrong too.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        var current = configuration.GetSection(CertificateSection);
        if (string.IsNullOrWhiteSpace(current["Path"]))
        {
            if (environment.IsProduction())
                yield return $"the sign-in keys would be stored unencrypted: set {CertificateSection}:Path to a key-encryption certificate (a .pfx file) and {CertificateSection}:Password to its password (the README's Security section shows how to make one)";
            yield break;
        }
        foreach (var section in configuration.GetSection(PreviousSection).GetChildren().Prepend(current))
        {
            if (Unreadable(section) is { } problem)
                yield return problem;
        }
    }

    private static string? Unreadable(IConfigurationSection section)
    {
        var path = section["Path"] ?? "";
        if (!File.Exists(path))
            return $"the key-encryption certificate {section.Path}:Path, \"{path}\", is not a file this site can read";
        try
        {
            using var certificate = Load(section);
            return certificate.HasPrivateKey && certificate.GetRSAPublicKey() is not null ? null
                : $"the key-encryption certificate \"{path}\" ({section.Path}) needs an RSA key with its private key, in a .pfx file";
        }
        catch (CryptographicException e)
        {
            return $"the key-encryption certificate \"{path}\" ({section.Path}) cannot be opened: check {section.Path}:Password ({e.Message.TrimEnd('.')})";
        }
    }

    private static X509Certificate2 Load(IConfigurationSection section) =>
        X509CertificateLoader.LoadPkcs12FromFile(section["Path"]!, section["Password"], X509KeyStorageFlags.EphemeralKeySet);
}
