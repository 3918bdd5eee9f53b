using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CbtProgram.Web.App;

/// <summary>
/// The static files the service worker keeps on the device, addressed exactly as pages link them (with the
/// <c>?v=</c> content hash that <c>asp-append-version</c> adds), and a version made from those hashes: a build that
/// changes any of them changes the version, the service worker's cache name, and so replaces the old cache.
/// </summary>
public sealed class OfflineAssets
{
    /// <summary>Files every page or the offline diary needs; others (charts, the module player) are kept when first used.</summary>
    private static readonly string[] Files =
    [
        "/lib/bootstrap/css/bootstrap.min.css", "/css/site.css", "/css/low-stimulus.css", "/lib/bootstrap/js/bootstrap.bundle.min.js",
        "/js/app.js", "/js/device-store.js", "/js/diary.js", "/js/offline-diary.js",
        "/manifest.webmanifest", "/favicon.ico", "/favicon.svg", "/icons/icon-192.png", "/icons/icon-512.png",
    ];

    public OfflineAssets(IFileVersionProvider versions)
    {
        Urls = Files.Select(file => versions.AddFileVersionToPath(PathString.Empty, file)).ToList();
        Version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Urls))))[..12];
    }

    public IReadOnlyList<string> Urls { get; }
    public string Version { get; }
}
