using CbtProgram.Web.Data.EmbeddedServer;
using Hangfire;

namespace CbtProgram.Web.Notifications;

public static class NotificationsSetup
{
    /// <summary>Delivery jobs have a queue and workers of their own, so email never waits behind a burst of events.</summary>
    public const string MailQueue = "mail";

    public static IServiceCollection AddCbtNotifications(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (string.IsNullOrWhiteSpace(options.PickupFolder))
            options.PickupFolder = Path.Combine(ProjectDataFolder.Resolve(configuration, contentRoot), "mail");
        services.AddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.SmtpHost))
            services.AddSingleton<IMailTransport, PickupFolderMailTransport>();
        else
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddSingleton<MailDeliveryTrigger>();
        services.AddSingleton<MailServerGate>();
        services.AddSingleton<SealedMail>();
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxDelivery>();
        services.AddScoped<DeadLetters>();
        services.AddScoped<MailLog>();
        services.AddScoped<MailDeliveryJob>();
        return services;
    }
}

/// <summary>
/// The Hangfire job that empties the outbox: push notifications (<see cref="Push.PushDelivery"/>), then email. It takes no arguments, so nothing personal sits in Hangfire; several
/// may run at once on several nodes, as each claims its own messages (SKIP LOCKED, with a lease) before sending. No
/// automatic retries: the outbox keeps each message's own attempts and backoff, and the next minute's run comes anyway.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class MailDeliveryJob(OutboxDelivery delivery, Push.PushDelivery push, ILogger<MailDeliveryJob> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var pushed = 0;
        try
        {
            pushed = await push.DeliverPendingAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Email must not wait on a push fault; the pushes keep their place in the outbox for the next run.
            logger.LogError(e, "Push delivery failed; email delivery goes on");
        }
        return pushed + await delivery.DeliverPendingAsync(cancellationToken);
    }
}
