using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace CbtProgram.Web.Accounts.Passwords;

/// <summary>What a set-password link carried, once it has been taken off the address.</summary>
public sealed record SetPasswordTicket(SetPasswordKind Kind, string UserId, string Token);

/// <summary>
/// Keeps what an emailed link carried (its secret token) in an encrypted, HttpOnly cookie limited to the link's own
/// path, for <see cref="Lifetime"/>, so the token never stays in the address bar, the history, a Referer header or a
/// server log. Used by set-password, invitation and registration links.
/// </summary>
/// <remarks>
/// SameSite=Lax, not Strict: the link is clicked in a webmail page on another site, and browsers withhold Strict
/// cookies from every request of a navigation that another site started, the 303 to the clean address included, so the
/// form would open without its token. Lax cookies go with top-level GETs only; no other site can POST with it.
/// </remarks>
public sealed class LinkCookies(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly IDataProtector _protector = protection.CreateProtector("CbtProgram.LinkCookies.v1");

    public void Keep<T>(HttpResponse response, string name, string path, T value)
    {
        var sealedValue = _protector.CreateProtector(name).Protect(JsonSerializer.Serialize(new Sealed<T>(value, clock.GetUtcNow() + Lifetime)));
        response.Cookies.Append(name, sealedValue, Options(response.HttpContext.Request, path));
    }

    public T? Read<T>(HttpRequest request, string name) where T : class
    {
        if (request.Cookies[name] is not { Length: > 0 } value)
            return null;
        try
        {
            return JsonSerializer.Deserialize<Sealed<T>>(_protector.CreateProtector(name).Unprotect(value)) is { } kept && kept.ExpiresAt > clock.GetUtcNow() ? kept.Value : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Forget(HttpResponse response, string name, string path) => response.Cookies.Delete(name, Options(response.HttpContext.Request, path));

    private sealed record Sealed<T>(T Value, DateTimeOffset ExpiresAt);

    private static CookieOptions Options(HttpRequest request, string path) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = path,
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
