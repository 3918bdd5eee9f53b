using CbtProgram.Web.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.UnitTests.Notifications;

// Expected waits are worked out by hand: a message's step is 1 minute doubled per failure after the first, at most
// 60 minutes; the server's is 15 seconds doubled, at most 5 minutes; jitter takes between half and all of the step.
public sealed class DeliveryBackoffTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(1, 30, 60)]
    [InlineData(2, 60, 120)]
    [InlineData(3, 120, 240)]
    [InlineData(6, 960, 1920)]
    [InlineData(7, 1800, 3600)] // 64 minutes, capped at 60
    [InlineData(9, 1800, 3600)]
    [InlineData(1000, 1800, 3600)] // no overflow, however many
    public void ForMessage_DoublesPerAttempt_UpToAnHour_WithJitterBetweenHalfAndAllOfTheStep(int attempts, int shortestSeconds, int longestSeconds)
    {
        var now = _clock.GetUtcNow();

        Assert.Equal(now.AddSeconds(shortestSeconds), DeliveryBackoff.ForMessage(now, attempts, jitter: 0));
        Assert.Equal(now.AddSeconds((shortestSeconds + longestSeconds) / 2.0), DeliveryBackoff.ForMessage(now, attempts, jitter: 0.5));
        var longest = DeliveryBackoff.ForMessage(now, attempts, jitter: 0.999999);
        Assert.InRange(longest, now.AddSeconds(longestSeconds - 0.01), now.AddSeconds(longestSeconds));
    }

    [Theory]
    [InlineData(1, 7.5, 15)]
    [InlineData(2, 15, 30)]
    [InlineData(5, 120, 240)]
    [InlineData(6, 150, 300)] // 8 minutes, capped at 5
    [InlineData(50, 150, 300)]
    public void ForServer_DoublesPerFailureInARow_UpToFiveMinutes(int failures, double shortestSeconds, double longestSeconds)
    {
        var now = _clock.GetUtcNow();

        Assert.Equal(now.AddSeconds(shortestSeconds), DeliveryBackoff.ForServer(now, failures, jitter: 0));
        Assert.InRange(DeliveryBackoff.ForServer(now, failures, jitter: 0.999999), now.AddSeconds(longestSeconds - 0.01), now.AddSeconds(longestSeconds));
    }

    [Fact]
    public void AMessageThatFailed_IsNotDueUntilItsWaitHasPassed()
    {
        var failedAt = _clock.GetUtcNow();
        var next = DeliveryBackoff.ForMessage(failedAt, attempts: 3, jitter: 0.25);

        // Four minutes' step at a quarter of the jitter: 2 + 0.5 minutes.
        _clock.Advance(TimeSpan.FromSeconds(149));
        Assert.True(_clock.GetUtcNow() < next);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_clock.GetUtcNow() >= next);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, -0.1)]
    [InlineData(1, 1.0)]
    public void Delay_RefusesNoFailureOrJitterOutsideZeroToOne(int failures, double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryBackoff.Delay(failures, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), jitter));
}
