using System.IO.Compression;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>
/// The common and breached passwords shipped with the site (<c>common-passwords.txt.gz</c>, see its NOTICE file):
/// read once, on first use, by whichever thread gets there first; compared without regard to case.
/// </summary>
public static class CommonPasswords
{
    public const string ResourceName = "CbtProgram.Web.Accounts.Passwords.common-passwords.txt.gz";

    private static readonly Lazy<HashSet<string>> List = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static int Count => List.Value.Count;

    public static bool Contains(string password) => List.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The common-password list ({ResourceName}) is missing from the build.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var passwords = new HashSet<string>(200_000, StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0)
                passwords.Add(line);
        return passwords;
    }
}
