using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>The outbox against a real SMTP listener: a failure is retried later, and nothing is ever sent twice.</summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private readonly int _port = SmtpListener.FreePort();
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<T> WithOutboxAsync<T>(Func<Outbox, AppDbContext, Task<T>> use)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<Outbox>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task WhenSmtpIsDown_TheMessageWaitsAndIsSentOnceWhenItComesBack()
    {
        var queued = await WithOutboxAsync((o, _) => o.EnqueueAsync("test:smtp-down:1", "someone@example.org", "Your session is ready", "Sign in to continue.", deliverNow: false));
        var queuedAgain = await WithOutboxAsync((o, _) => o.EnqueueAsync("test:smtp-down:1", "someone@example.org", "Your session is ready", "Sign in to continue.", deliverNow: false));

        var whileDown = await WithOutboxAsync((o, _) => o.DeliverPendingAsync());
        var afterFailure = await WithOutboxAsync((_, db) => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == "test:smtp-down:1"));

        await using var smtp = new SmtpListener(_port).Start();
        await Task.Delay(200);
        var onceUp = await WithOutboxAsync((o, _) => o.DeliverPendingAsync());
        var again = await WithOutboxAsync((o, _) => o.DeliverPendingAsync());
        var sent = await WithOutboxAsync((_, db) => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == "test:smtp-down:1"));

        Assert.True(queued);
        Assert.False(queuedAgain);
        Assert.Equal(0, whileDown);
        Assert.Null(afterFailure.SentAt);
        Assert.Equal(1, afterFailure.Attempts);
        Assert.NotNull(afterFailure.LastError);
        Assert.Equal(1, onceUp);
        Assert.Equal(0, again);
        Assert.NotNull(sent.SentAt);
        var message = Assert.Single(smtp.Messages);
        Assert.Contains("Subject: Your session is ready", message);
        Assert.Contains("someone@example.org", message);
    }
}
