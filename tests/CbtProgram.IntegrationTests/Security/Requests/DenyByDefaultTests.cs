using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security.Requests;

/// <summary>
/// Every endpoint needs a signed-in user unless it is on the list of pages meant for visitors, and a page added
/// without any attribute is refused to visitors (the fallback policy), not open by accident.
/// </summary>
public sealed class DenyByDefaultTests(DenyByDefaultTests.SiteWithAnUnmarkedPage site) : IClassFixture<DenyByDefaultTests.SiteWithAnUnmarkedPage>
{
    /// <summary>Pages a visitor may open, as "METHOD /route". Adding one here is a decision to review.</summary>
    private static readonly string[] OpenToVisitors =
    [
        "GET /",
        "GET /account/sign-in",
        "POST /account/sign-in",
        "GET /account/signed-out",
        "GET /account/set-password",
        "POST /account/set-password",
        "GET /account/forgot-password",
        "POST /account/forgot-password",
        "GET /account/sign-in/code",
        "POST /account/sign-in/code",
        "GET /account/sign-in/recovery",
        "POST /account/sign-in/recovery",
        "POST /account/sign-in/passkey/options",
        "POST /account/sign-in/passkey",
        "GET /invitations/{token}",
        "GET /invitations/accept",
        "POST /invitations/accept",
        "GET /account/register",
        "POST /account/register",
        "GET /account/register/confirm",
        "POST /account/register/confirm",
        "GET /crisis",
        "GET /offline",
        "GET /app/precache",
        "GET /help/headache-red-flags",
        "GET /calendar/{token}.ics",
        "* /error",
        "* /error/{status:int}",
        "* /healthz",
        "* /healthz/live",
    ];

    [Fact]
    public void AnonymousAccess_IsAllowedOnlyOnTheListOfVisitorPages()
    {
        var open = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(Describe).Distinct().Order().ToList();

        Assert.Equal(string.Join("\n", OpenToVisitors.Order()), string.Join("\n", open));
    }

    [Fact]
    public void EveryOtherEndpoint_NamesItsRoles_OrFallsBackToSignedInOnly()
    {
        var unmarked = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(Describe).Order().ToList();

        // These rely on the fallback policy alone: signing out, and the test's own unmarked page.
        Assert.Equal(["GET /unmarked-test-page", "POST /account/sign-out"], unmarked);
    }

    [Fact]
    public async Task APageAddedWithoutAttributes_IsRefusedToVisitors_AndOpenToThoseSignedIn()
    {
        var visitor = await site.CreateBrowserLikeClient().GetAsync("/unmarked-test-page");
        var patient = await (await site.SignedInAsAsync("patient@example.org")).GetAsync("/unmarked-test-page");

        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.StartsWith("/account/sign-in", visitor.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, patient.StatusCode);
    }

    [Fact]
    public async Task AnAddressWithNoPage_GivesAVisitorTheFriendly404_NotASignInPage()
    {
        var response = await site.CreateBrowserLikeClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We could not find that page", await response.Content.ReadAsStringAsync());
    }

    private static string Describe(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        return $"{(methods is { Count: > 0 } ? string.Join(",", methods) : "*")} {route}";
    }

    /// <summary>The site plus one page that has no authorization attribute at all.</summary>
    public sealed class SiteWithAnUnmarkedPage : CbtWebApplicationFactory
    {
        public SiteWithAnUnmarkedPage() =>
            WithServices(services => services.AddControllersWithViews().AddApplicationPart(typeof(UnmarkedTestPageController).Assembly));
    }
}

/// <summary>A page someone forgot to mark: no [Authorize], no [AllowAnonymous].</summary>
public sealed class UnmarkedTestPageController : Controller
{
    [HttpGet("/unmarked-test-page")]
    public IActionResult Show() => Content("Only for people who are signed in.");
}
