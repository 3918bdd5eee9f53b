using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace CbtProgram.Web.Security;

/// <summary>
/// How requests reach the site: through a TLS proxy whose forwarded headers are believed only when they come from an
/// address configured as the proxy's; HSTS for a year on every HTTPS answer; plain HTTP redirected to HTTPS in Production.
/// </summary>
public static class TransportSetup
{
    public const string ProxySection = "Proxy";
    public const string HttpsPortSetting = "Https:Port";
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static WebApplicationBuilder AddCbtTransport(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback stays trusted (ASP.NET's default: a proxy on the same machine); the settings add the real proxy.
            // A value that cannot be read never gets here: DeploymentChecks refuses to start on it.
            foreach (var proxy in Values(configuration, "KnownProxies"))
            {
                if (IPAddress.TryParse(proxy, out var address))
                    options.KnownProxies.Add(address);
            }
            foreach (var network in Values(configuration, "KnownNetworks"))
            {
                if (IPNetwork.TryParse(network, out var parsed))
                    options.KnownIPNetworks.Add(parsed);
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = HstsMaxAge;
            options.IncludeSubDomains = true;
        });
        services.AddHttpsRedirection(options =>
        {
            options.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            options.HttpsPort = HttpsPort(configuration);
        });
        services.AddDataProtection().ProtectKeysWithConfiguredCertificate(configuration);
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it (HSTS, redirection, cookies, audit) sees the client's scheme and address.</summary>
    public static IApplicationBuilder UseCbtTransport(this IApplicationBuilder app, IHostEnvironment environment, IConfiguration configuration)
    {
        app.UseForwardedHeaders();
        if (!environment.IsDevelopment())
            app.UseHsts();
        // Health probes talk to the container directly over plain HTTP; they carry nothing secret.
        if (environment.IsProduction() && HttpsPort(configuration) is not null)
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/healthz"), https => https.UseHttpsRedirection());
        return app;
    }

    /// <summary>The port plain HTTP is redirected to: 443 unless configured; 0 when a proxy in front already redirects and the site is never reached directly.</summary>
    public static int? HttpsPort(IConfiguration configuration) => configuration.GetValue(HttpsPortSetting, 443) is > 0 and var port ? port : null;

    /// <summary>The settings' problems, as sentences (any environment: a proxy address that cannot be read is a mistake, never ignored).</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        foreach (var proxy in Values(configuration, "KnownProxies"))
        {
            if (!IPAddress.TryParse(proxy, out _))
                yield return $"{ProxySection}:KnownProxies holds \"{proxy}\", which is not an IP address (such as 10.0.0.5)";
        }
        foreach (var network in Values(configuration, "KnownNetworks"))
        {
            if (!IPNetwork.TryParse(network, out _))
                yield return $"{ProxySection}:KnownNetworks holds \"{network}\", which is not a network in CIDR form (such as 172.30.0.0/24)";
        }
    }

    /// <summary>A list setting, from configuration arrays (<c>Proxy__KnownNetworks__0</c>) or one comma-separated value (<c>Proxy__KnownNetworks</c>).</summary>
    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection($"{ProxySection}:{key}");
        var children = section.GetChildren().ToList();
        var values = children.Count > 0 ? children.Select(c => c.Value ?? "") : (section.Value ?? "").Split(',');
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }
}
