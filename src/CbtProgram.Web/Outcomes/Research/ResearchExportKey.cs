using System.Text.RegularExpressions;

namespace CbtProgram.Web.Outcomes.Research;

/// <summary>
/// A named key for pseudonymous ids. One key per study: the same key gives a patient the same id in every export, so a
/// study's exports join up; two keys give unrelated ids, so two studies' files cannot be joined. The secret is made
/// by the site and kept sealed with Data Protection (<see cref="Pseudonyms"/>), never shown.
/// </summary>
public sealed partial class ResearchExportKey
{
    /// <summary>The key used when nobody names one; made on first use.</summary>
    public const string DefaultName = "default";
    public const int MaxNameLength = 40;

    private ResearchExportKey() { }

    public ResearchExportKey(string name, string sealedSecret, string? createdById, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        Name = name;
        SealedSecret = sealedSecret;
        CreatedById = createdById;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    /// <summary>Lower-case letters, digits and hyphens (<see cref="NormaliseName"/>), unique.</summary>
    public string Name { get; private set; } = "";
    /// <summary>The 32-byte secret, sealed with Data Protection ("dp1:" + protected base64).</summary>
    public string SealedSecret { get; private set; } = "";
    /// <summary>The staff member who made it; null for the default key, which the site makes itself.</summary>
    public string? CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The name as stored (trimmed, lower case), or null with the reason when it cannot be a key's name: 1 to 40
    /// characters, letters, digits and hyphens, starting with a letter or digit.
    /// </summary>
    public static (string? Name, string? Error) NormaliseName(string? name)
    {
        var trimmed = (name ?? "").Trim().ToLowerInvariant();
        if (trimmed.Length == 0)
            return (null, "Give the export key a name, such as the study's short name.");
        if (trimmed.Length > MaxNameLength)
            return (null, $"An export key's name can be at most {MaxNameLength} characters.");
        if (!NamePattern().IsMatch(trimmed))
            return (null, "An export key's name can hold only letters, digits and hyphens, and must start with a letter or digit.");
        return (trimmed, null);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
