using System.Net;
using System.Text.RegularExpressions;
using OtpNet;

namespace CbtProgram.IntegrationTests.Security.Mfa;

/// <summary>What a person does on the sign-in security pages, with codes computed from the key as an authenticator app would (RFC 6238).</summary>
public static partial class MfaSteps
{
    public static string CodeFor(string key, DateTime? at = null) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(at ?? DateTime.UtcNow);

    /// <summary>The code the app shows 30 seconds from now, which the site already accepts: the current one may be spent.</summary>
    public static string NextCodeFor(string key) => CodeFor(key, DateTime.UtcNow.AddSeconds(30));

    /// <summary>Starts set-up and reads the key written out for manual entry.</summary>
    public static async Task<string> StartAuthenticatorAsync(this HttpClient client)
    {
        var start = await client.PostFormAsync("/account/security", "/account/security/authenticator/start", []);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var page = await client.GetStringAsync("/account/security/authenticator");
        Assert.Contains("src=\"data:image/png;base64,", page); // the QR code, drawn by the server
        return KeyPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }

    public static Task<HttpResponseMessage> ConfirmAuthenticatorAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/account/security/authenticator", "/account/security/authenticator", [new("code", code)]);

    /// <summary>Sets up an authenticator app and returns its key and the recovery codes shown once.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> SetUpAuthenticatorAsync(this HttpClient client)
    {
        var key = await client.StartAuthenticatorAsync();
        var confirmed = await client.ConfirmAuthenticatorAsync(CodeFor(key));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var html = await confirmed.Content.ReadAsStringAsync();
        var codes = RecoveryCodePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    public static Task<HttpResponseMessage> EnterCodeAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/account/sign-in/code?rememberMe=false", "/account/sign-in/code", [new("Code", code), new("RememberMe", "false")]);

    public static Task<HttpResponseMessage> EnterRecoveryCodeAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/account/sign-in/recovery?rememberMe=false", "/account/sign-in/recovery", [new("Code", code), new("RememberMe", "false")]);

    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("data-authenticator-key>([a-z0-9 ]+)</code>")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<code class=\"fs-5\">([A-Z0-9]{5}-[A-Z0-9]{5})</code>")]
    private static partial Regex RecoveryCodePattern();
}
