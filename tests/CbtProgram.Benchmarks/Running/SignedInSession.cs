using System.Net;
using System.Text.RegularExpressions;

namespace CbtProgram.Benchmarks.Running;

/// <summary>A person signed in to the site through its real sign-in form; their cookies go into the load generator's requests.</summary>
public sealed partial class SignedInSession : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly Uri _cookieSite;

    private SignedInSession(string url)
    {
        // The site's cookies are Secure (__Host-). The benchmark's local server speaks plain HTTP, which a browser
        // trusts on localhost; a .NET cookie jar does not, so the jar files and reads them under the https address.
        _cookieSite = new UriBuilder(url) { Scheme = Uri.UriSchemeHttps }.Uri;
        Client = new HttpClient(new SecureCookieJar(_cookies, _cookieSite)) { BaseAddress = new Uri(url) };
    }

    public HttpClient Client { get; }

    /// <summary>The Cookie header a browser would send now: the sign-in cookie, and the antiforgery cookie once a form was shown.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(_cookieSite);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static Task<SignedInSession> StartAsync(string url, string email, CancellationToken cancellationToken) =>
        StartAsync(url, email, BenchPeople.Password, cancellationToken);

    public static async Task<SignedInSession> StartAsync(string url, string email, string password, CancellationToken cancellationToken)
    {
        var session = new SignedInSession(url);
        var token = await session.FormTokenAsync("/account/sign-in", cancellationToken);
        using var response = await session.Client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            session.Dispose();
            throw new InvalidOperationException($"{email} could not sign in ({(int)response.StatusCode}).");
        }
        return session;
    }

    /// <summary>Shows a page with a form and returns its antiforgery token (the matching cookie is kept).</summary>
    public async Task<string> FormTokenAsync(string path, CancellationToken cancellationToken)
    {
        var page = await Client.GetStringAsync(path, cancellationToken);
        var field = AntiforgeryField().Match(page);
        return field.Success ? WebUtility.HtmlDecode(field.Groups[1].Value) : throw new InvalidOperationException($"{path} has no form token.");
    }

    public void Dispose() => Client.Dispose();

    private sealed class SecureCookieJar(CookieContainer cookies, Uri cookieSite)
        : DelegatingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = cookies.GetCookieHeader(cookieSite);
            if (header.Length > 0)
                request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
                foreach (var value in values)
                    cookies.SetCookies(cookieSite, value);
            return response;
        }
    }
}
