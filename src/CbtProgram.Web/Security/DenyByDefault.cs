using Microsoft.AspNetCore.Authorization;

namespace CbtProgram.Web.Security;

/// <summary>
/// Every endpoint needs a signed-in user unless it says otherwise: a page meant for visitors carries
/// <c>[AllowAnonymous]</c> (or <c>.AllowAnonymous()</c>), so a page added without any attribute is never open to the internet.
/// An address that matches no endpoint at all is let through, so a visitor gets the friendly 404, not a sign-in page.
/// </summary>
public static class DenyByDefault
{
    public static IServiceCollection AddCbtDenyByDefault(this IServiceCollection services) =>
        services.AddAuthorization(options => options.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAssertion(context => context.User.Identities.Any(identity => identity.IsAuthenticated)
                || context.Resource is HttpContext http && http.GetEndpoint() is null)
            .Build());
}
