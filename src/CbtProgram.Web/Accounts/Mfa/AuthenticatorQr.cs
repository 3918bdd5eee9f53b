using QRCoder;

namespace CbtProgram.Web.Accounts.Mfa;

/// <summary>
/// The authenticator app's set-up link (otpauth://, the key URI format of Google Authenticator that every app reads) and its
/// QR code, drawn here on the server as a PNG in a data: address (the site's CSP allows data: images; no script, no third
/// party ever sees the key).
/// </summary>
public sealed class AuthenticatorQr
{
    public const string Issuer = "CbtProgram";

    public static string SetupUri(string accountName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(accountName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    public string PngDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>The key in groups of four, easier to type into an app by hand.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();
}
