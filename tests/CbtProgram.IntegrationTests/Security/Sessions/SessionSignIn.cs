using System.Net;
using CbtProgram.Web.Accounts.Sessions;

namespace CbtProgram.IntegrationTests.Security.Sessions;

/// <summary>Signing in as a browser would, with or without "stay signed in", and reading the cookies the site set.</summary>
internal static class SessionSignIn
{
    public static async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(this CbtWebApplicationFactory site, string email,
        string password = SignedInClient.DemoPassword, bool staySignedIn = false)
    {
        var client = site.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in",
        [
            new("Email", email),
            new("Password", password),
            new("RememberMe", staySignedIn ? "true" : "false"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, response);
    }

    public static string AuthSetCookie(this HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionsSetup.AuthCookie + "=", StringComparison.Ordinal));

    /// <summary>A client with no cookie jar that sends exactly this Cookie header: a stolen or copied cookie.</summary>
    public static HttpClient WithCopiedCookie(this CbtWebApplicationFactory site, string setCookie)
    {
        var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = SignedInClient.SiteAddress });
        client.DefaultRequestHeaders.Add("Cookie", setCookie.Split(';')[0]);
        return client;
    }

    /// <summary>True when the page answered as signed in; false when it sent the browser to sign in.</summary>
    public static async Task<bool> IsSignedInAtAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal))
            return false;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return true;
    }
}
