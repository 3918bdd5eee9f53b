using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Transport;

/// <summary>
/// Requests as they arrive from a network: TestServer has no socket, so a test header sets the connection's remote
/// address before the site's own pipeline runs; a response header reports the scheme and client address the site
/// ended up with (after its forwarded-headers rule), as every later step (cookies, audit, rate limits) sees them.
/// </summary>
internal sealed partial class ThroughAProxy : IStartupFilter
{
    public const string RemoteAddressHeader = "X-Test-Remote-Address";
    public const string SeenHeader = "X-Test-Seen";

    public static void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter, ThroughAProxy>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(RemoteAddressHeader, out var address))
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[SeenHeader] = $"{context.Request.Scheme} {context.Connection.RemoteIpAddress}";
                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>A client of the site at a public host name, without redirects or a cookie jar (the test carries cookies itself).</summary>
    public static HttpClient Client(WebApplicationFactory<Program> site, string host = "cbt.example.org") =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri($"http://{host}") });

    /// <summary>A request from <paramref name="from"/> saying (in X-Forwarded-*) that the client used https from 203.0.113.7.</summary>
    public static HttpRequestMessage Forwarded(HttpMethod method, string path, string from, string? cookies = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(RemoteAddressHeader, from);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        if (cookies is not null)
            request.Headers.Add("Cookie", cookies);
        return request;
    }

    public static string Seen(HttpResponseMessage response) => string.Join(",", response.Headers.GetValues(SeenHeader));

    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    /// <summary>"name=value" pairs of the Set-Cookie headers, for a Cookie header.</summary>
    public static string CookieHeader(IEnumerable<string> setCookies) => string.Join("; ", setCookies.Select(c => c.Split(';')[0]));

    /// <summary>Signs in through the form, from <paramref name="from"/>, carrying cookies by hand; returns the sign-in answer and the cookies it set.</summary>
    public static async Task<(HttpResponseMessage Answer, string Cookies)> SignInAsync(HttpClient client, string from, string email)
    {
        var form = await client.SendAsync(Forwarded(HttpMethod.Get, "/account/sign-in", from));
        var antiforgery = CookieHeader(SetCookies(form));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        var post = Forwarded(HttpMethod.Post, "/account/sign-in", from, antiforgery);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = SignedInClient.DemoPassword,
            ["__RequestVerificationToken"] = token,
        });
        var answer = await client.SendAsync(post);
        return (answer, $"{antiforgery}; {CookieHeader(SetCookies(answer))}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
