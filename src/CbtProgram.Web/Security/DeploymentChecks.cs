using CbtProgram.Web.Notifications;

namespace CbtProgram.Web.Security;

/// <summary>Start-up refused because the site would run unsafely in front of real patients; the message says why and what to set.</summary>
public sealed class UnsafeDeploymentException(string message) : Exception(message);

/// <summary>
/// Before anything else starts, the settings that decide whether the site is safe to put in front of patients: in
/// Production the public address is https, the sign-in keys are encrypted at rest, and no demo account with a published
/// password is made. In every environment, proxy addresses and certificates that are set must be readable.
/// </summary>
public static class DeploymentChecks
{
    public const string DemoSeedSetting = "Demo:Seed";
    public const string SiteUrlSetting = $"{MailOptions.Section}:SiteUrl";

    public static IReadOnlyList<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = new List<string>();
        if (environment.IsProduction())
        {
            if (configuration.GetValue(DemoSeedSetting, false))
                problems.Add($"demo accounts (with their published password) are never made in Production: remove {DemoSeedSetting} or set it to false");
            var siteUrl = configuration[SiteUrlSetting] ?? new MailOptions().SiteUrl;
            if (!Uri.TryCreate(siteUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                problems.Add($"the public address {SiteUrlSetting} is \"{siteUrl}\", which is not an https address: set it to the address people use, such as https://cbt.example.org, so that links in emails are safe");
        }
        problems.AddRange(TransportSetup.Problems(configuration));
        problems.AddRange(KeyEncryption.Problems(configuration, environment));
        return problems;
    }

    public static void Ensure(IConfiguration configuration, IHostEnvironment environment)
    {
        if (Problems(configuration, environment) is { Count: > 0 } problems)
            throw new UnsafeDeploymentException(string.Join("; ", problems) + ".");
    }
}
