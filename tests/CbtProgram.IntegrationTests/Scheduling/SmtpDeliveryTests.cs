using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>The outbox against a real SMTP listener: a failure is retried later, and nothing is ever sent twice.</summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private readonly int _port = SmtpListener.FreePort();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private Task<bool> EnqueueAsync() => InScopeAsync(s => s.GetRequiredService<Outbox>()
        .EnqueueAsync("test:smtp-down:1", "someone@example.org", "Your session is ready", "Sign in to continue.", deliverNow: false));

    private Task<int> DeliverAsync() => InScopeAsync(s => s.GetRequiredService<OutboxDelivery>().DeliverPendingAsync());

    private Task<OutboxMessage> MessageAsync() =>
        InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == "test:smtp-down:1"));

    [Fact]
    public async Task WhenSmtpIsDown_TheMessageWaitsWithItsTriesKept_AndIsSentOnceWhenItComesBack()
    {
        var queued = await EnqueueAsync();
        var queuedAgain = await EnqueueAsync();

        var whileDown = await DeliverAsync();
        var afterFailure = await MessageAsync();
        var failedAt = _clock.GetUtcNow();

        await using var smtp = new SmtpListener(_port).Start();
        var tooSoon = await DeliverAsync(); // the node waits before it tries the server again
        _clock.Advance(DeliveryBackoff.ServerFirstStep);
        var onceUp = await DeliverAsync();
        var again = await DeliverAsync();
        var sent = await MessageAsync();

        Assert.True(queued);
        Assert.False(queuedAgain);
        Assert.Equal(0, whileDown);
        Assert.Null(afterFailure.SentAt);
        Assert.Equal(0, afterFailure.Attempts);
        Assert.NotNull(afterFailure.LastError);
        Assert.InRange(afterFailure.NextAttemptAt, failedAt + DeliveryBackoff.ServerFirstStep / 2, failedAt + DeliveryBackoff.ServerFirstStep);
        Assert.Null(afterFailure.LeasedUntil);
        Assert.Equal(0, tooSoon);
        Assert.Equal(1, onceUp);
        Assert.Equal(0, again);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
        var message = Assert.Single(smtp.Messages);
        Assert.Contains("Subject: Your session is ready", message);
        Assert.Contains("someone@example.org", message);
        Assert.Contains($"Message-Id: <{sent.Id:N}@cbtprogram>", message, StringComparison.OrdinalIgnoreCase);
    }
}
