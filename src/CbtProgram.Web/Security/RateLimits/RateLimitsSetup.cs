using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Security.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter with the site's named policies (<see cref="RateLimitPolicies"/>), each a fixed window
/// per partition: the client address for anonymous forms, the signed-in user for everything else. A refused request
/// gets 429, a <c>Retry-After</c> header and the calm "please wait" page, and its action never runs, so nothing changes.
/// The counters live in each node's memory: with several nodes each allows its own share.
/// </summary>
public static class RateLimitsSetup
{
    public static IServiceCollection AddCbtRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
                new(TooManyRequestsResult.WriteAsync(rejected.HttpContext, TooManyRequestsResult.RetryAfter(rejected.Lease)));
            limiter.AddPolicy(RateLimitPolicies.SignIn, http => PerAddress(http, o => o.SignInPerAddress));
            limiter.AddPolicy(RateLimitPolicies.AccountForms, http => PerAddress(http, o => o.AccountFormsPerAddress));
            limiter.AddPolicy(RateLimitPolicies.Invitations, http => PerUser(http, o => o.InvitationsPerUser));
            limiter.AddPolicy(RateLimitPolicies.Messages, http => PerUser(http, o => o.MessagesPerSender));
            limiter.AddPolicy(RateLimitPolicies.PatientEntries, http => PerUser(http, o => o.PatientEntriesPerUser));
        });
        return services;
    }

    /// <summary>After authentication (the per-user policies need the user) and routing (the policies sit on endpoints).</summary>
    public static IApplicationBuilder UseCbtRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>The address the request came from (after forwarded headers, when a trusted proxy sent them).</summary>
    public static string ClientAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> PerAddress(HttpContext http, Func<RateLimitOptions, WindowLimit> limit) =>
        Partition(http, "address:" + http.ClientAddress(), limit);

    private static RateLimitPartition<string> PerUser(HttpContext http, Func<RateLimitOptions, WindowLimit> limit) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? Partition(http, "user:" + userId, limit)
            : PerAddress(http, limit);

    private static RateLimitPartition<string> Partition(HttpContext http, string key, Func<RateLimitOptions, WindowLimit> limit)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return options.Enabled ? Window(key, limit(options)) : RateLimitPartition.GetNoLimiter("off");
    }

    internal static RateLimitPartition<string> Window(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.Permits,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
