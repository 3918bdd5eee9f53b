using CbtProgram.Web.Notifications;

namespace CbtProgram.UnitTests.Notifications;

public sealed class OutboxMessageTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Message() => new("message:1:email", "someone@example.org", "CbtProgram", "Sign in.", MailPriority.Notice, Now);

    [Fact]
    public void Fail_CountsTheAttempt_AndWaitsItsBackoff_UntilTheLastAttemptDeadLettersIt()
    {
        var message = Message();

        for (var attempt = 1; attempt < OutboxMessage.MaxAttempts; attempt++)
        {
            message.Fail("552 message too big", Now, hopeless: false, jitter: 0);
            Assert.Equal(attempt, message.Attempts);
            Assert.Null(message.DeadLetteredAt);
            Assert.Equal(DeliveryBackoff.ForMessage(Now, attempt, 0), message.NextAttemptAt);
        }
        message.Fail("552 message too big", Now, hopeless: false, jitter: 0);

        Assert.Equal(OutboxMessage.MaxAttempts, message.Attempts);
        Assert.Equal(Now, message.DeadLetteredAt);
        Assert.Equal("552 message too big", message.LastError);
    }

    [Fact]
    public void Fail_WhenHopeless_DeadLettersAtOnce()
    {
        var message = Message();

        message.Fail("550 mailbox unavailable", Now, hopeless: true, jitter: 0);

        Assert.Equal(1, message.Attempts);
        Assert.Equal(Now, message.DeadLetteredAt);
    }

    [Fact]
    public void Defer_KeepsTheAttempts_AndWaitsForTheServer()
    {
        var message = Message();

        for (var outage = 0; outage < 3 * OutboxMessage.MaxAttempts; outage++)
            message.Defer("Connection refused", Now.AddMinutes(5));

        Assert.Equal(0, message.Attempts);
        Assert.Null(message.DeadLetteredAt);
        Assert.Equal(Now.AddMinutes(5), message.NextAttemptAt);
        Assert.Equal("Connection refused", message.LastError);
    }

    [Fact]
    public void Requeue_MakesADeadLetterDueNowWithItsTriesBack_ButNeverASentMessage()
    {
        var dead = Message();
        dead.Fail("550 mailbox unavailable", Now, hopeless: true, jitter: 0);
        var sent = Message();
        sent.MarkSent(Now);

        Assert.True(dead.Requeue(Now.AddHours(1)));
        Assert.False(sent.Requeue(Now.AddHours(1)));

        Assert.Null(dead.DeadLetteredAt);
        Assert.Equal(0, dead.Attempts);
        Assert.Equal(Now.AddHours(1), dead.NextAttemptAt);
        Assert.Equal(Now, sent.SentAt);
    }
}
