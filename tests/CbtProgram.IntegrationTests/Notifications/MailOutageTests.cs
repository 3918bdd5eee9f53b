using System.Text.RegularExpressions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Notifications;

/// <summary>
/// The mail server down for longer than ten delivery runs (the listener refusing connections), with mail queued before
/// and during the outage: no message uses up a try or is dead-lettered, and when the server is back every message
/// arrives once, the most urgent first, however old the rest.
/// </summary>
public sealed partial class MailOutageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SmtpListener _smtp = new(); // not started: the server is down
    private readonly CbtWebApplicationFactory _site = new();
    private readonly List<(string To, MailPriority Priority, DateTimeOffset QueuedAt)> _queued = [];

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    /// <summary>Queues under a real key of its kind (the key decides the priority), a second after the one before.</summary>
    private async Task QueueAsync(string keyPrefix, string to)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        await InScopeAsync(s => s.GetRequiredService<Outbox>().EnqueueAsync($"{keyPrefix}{Guid.NewGuid()}", to, "CbtProgram", "Sign in to see it.", deliverNow: false));
        _queued.Add((to, MailPriorities.ForKey(keyPrefix), _clock.GetUtcNow()));
    }

    private Task<int> DeliverAsync() => InScopeAsync(s => s.GetRequiredService<OutboxDelivery>().DeliverPendingAsync());

    private Task<List<OutboxMessage>> MessagesAsync() =>
        InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().ToListAsync());

    [Fact]
    public async Task AnOutageOfTwelveRuns_UsesNoTries_ThenEveryMessageArrivesOnce_MostUrgentFirst()
    {
        // Oldest first: more reminders than one claim takes, then notices, then the urgent ones.
        for (var i = 0; i < OutboxDelivery.ClaimSize + 2; i++)
            await QueueAsync("diary-reminder:", $"reminder{i}@example.org");
        await QueueAsync("message:", "notice1@example.org");
        await QueueAsync("withdrawn:", "notice2@example.org");
        await QueueAsync("invitation:", "invited@example.org");
        await QueueAsync("risk-alert:", "therapist@example.org");

        var sentDuringOutage = 0;
        for (var run = 1; run <= 12; run++)
        {
            if (run == 6)
            {
                await QueueAsync("diary-reminder:", "late.reminder@example.org");
                await QueueAsync("risk-alert:", "lead@example.org");
            }
            // Past the server's longest wait, so every run really tries to connect.
            _clock.Advance(DeliveryBackoff.ServerCap + TimeSpan.FromSeconds(1));
            sentDuringOutage += await DeliverAsync();
        }
        var afterOutage = await MessagesAsync();

        _smtp.Start();
        _clock.Advance(DeliveryBackoff.ServerCap + TimeSpan.FromSeconds(1));
        var sentOnReturn = await DeliverAsync();
        _clock.Advance(DeliveryBackoff.ServerCap + TimeSpan.FromSeconds(1));
        var sentAfter = await DeliverAsync();
        var afterReturn = await MessagesAsync();

        Assert.Equal(0, sentDuringOutage);
        Assert.Equal(_queued.Count, afterOutage.Count);
        Assert.All(afterOutage, m =>
        {
            Assert.Null(m.SentAt);
            Assert.Equal(0, m.Attempts);
            Assert.Null(m.DeadLetteredAt);
            Assert.Null(m.LeasedUntil);
        });
        Assert.Contains(afterOutage, m => m.LastError is not null && m.To == "therapist@example.org");

        Assert.Equal(_queued.Count, sentOnReturn);
        Assert.Equal(0, sentAfter);
        Assert.All(afterReturn, m => Assert.NotNull(m.SentAt));
        var expected = _queued.OrderBy(q => q.Priority).ThenBy(q => q.QueuedAt).Select(q => q.To).ToList();
        Assert.Equal(expected, _smtp.Messages.Select(m => ToHeader().Match(m).Groups[1].Value.Trim()).ToList());
        Assert.Equal(["invited@example.org", "therapist@example.org", "lead@example.org"], expected.Take(3)); // the test's own premise
    }

    [GeneratedRegex("^To: (.+)$", RegexOptions.Multiline)]
    private static partial Regex ToHeader();
}
