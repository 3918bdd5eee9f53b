namespace CbtProgram.Web.Notifications.Push;

/// <summary>Settings of the <c>Push</c> section.</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    /// <summary>
    /// The contact that push services see in every VAPID signature (RFC 8292): a <c>mailto:</c> or <c>https:</c> address
    /// of the clinic. Empty: <c>mailto:</c> and the address email is sent from.
    /// </summary>
    public string Subject { get; set; } = "";
    /// <summary>Hosts (and their subdomains) of the push services the site posts to; a browser's subscription elsewhere is refused.</summary>
    public List<string> PushServiceHosts { get; set; } = [];
    /// <summary>Plain-http endpoints: only for tests against a local push service.</summary>
    public bool AllowHttpEndpoints { get; set; }
    /// <summary>How long one push service may take to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a push service keeps a notification for a device that is offline.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Chrome and Edge (FCM), Firefox (Mozilla autopush), Edge on Windows (WNS), Safari (Apple).</summary>
    public static readonly IReadOnlyList<string> KnownPushServices =
        ["fcm.googleapis.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"];

    public bool IsKnownPushService(string host) =>
        (PushServiceHosts.Count > 0 ? PushServiceHosts : KnownPushServices)
            .Any(known => host.Equals(known, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + known, StringComparison.OrdinalIgnoreCase));
}

public static class PushSetup
{
    public static IServiceCollection AddCbtPush(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PushOptions.Section).Get<PushOptions>() ?? new PushOptions();
        if (string.IsNullOrWhiteSpace(options.Subject))
        {
            var from = configuration.GetSection(MailOptions.Section).Get<MailOptions>()?.From ?? new MailOptions().From;
            options.Subject = "mailto:" + MimeKit.MailboxAddress.Parse(from).Address;
        }
        services.AddSingleton(options);
        services.AddSingleton<VapidKeyStore>();
        services.AddHttpClient(PushDelivery.HttpClientName, client => client.Timeout = options.Timeout);
        services.AddScoped<PushDelivery>();
        services.AddScoped<PushDevices>();
        services.AddScoped<PatientReminders>();
        return services;
    }

    /// <summary>
    /// Makes the site's VAPID key pair at start-up if there is none, so a page showing the public key (a GET) never
    /// writes; all nodes share the one row (see <see cref="VapidKeyStore"/>).
    /// </summary>
    public static async Task EnsureVapidKeysAsync(this IServiceProvider services) =>
        await services.GetRequiredService<VapidKeyStore>().StoreIfMissingAsync();
}
