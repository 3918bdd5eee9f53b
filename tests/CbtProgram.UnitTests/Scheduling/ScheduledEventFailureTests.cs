using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

/// <summary>A failed attempt is recorded on the event; enough of them make it Failed; a finished event cannot fail.</summary>
public sealed class ScheduledEventFailureTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static ScheduledEvent Opening() =>
        new(Guid.NewGuid(), ScheduledEventKind.SessionOpens, 1, new LocalMoment(new DateOnly(2027, 3, 2), new TimeOnly(18, 30)), London);

    [Fact]
    public void EachFailure_CountsAnAttempt_AndTheLastMaxOneMakesItFailed()
    {
        var scheduled = Opening();

        scheduled.Fail("first", maxAttempts: 3);
        scheduled.Fail("second", maxAttempts: 3);
        Assert.Equal((2, ScheduledEventStatus.Pending, "second"), (scheduled.Attempts, scheduled.Status, scheduled.LastError));
        scheduled.Fail("third", maxAttempts: 3);

        Assert.Equal((3, ScheduledEventStatus.Failed, "third"), (scheduled.Attempts, scheduled.Status, scheduled.LastError));
        Assert.False(scheduled.IsFinished); // an admin can still run it
    }

    [Fact]
    public void ALongError_IsCutToItsColumn()
    {
        var scheduled = Opening();

        scheduled.Fail(new string('x', ScheduledEvent.MaxErrorLength + 1), maxAttempts: 5);

        Assert.Equal(ScheduledEvent.MaxErrorLength, scheduled.LastError!.Length);
    }

    [Fact]
    public void AnErrorThatFits_IsKeptWhole()
    {
        var scheduled = Opening();

        scheduled.Fail(new string('x', ScheduledEvent.MaxErrorLength), maxAttempts: 5);

        Assert.Equal(ScheduledEvent.MaxErrorLength, scheduled.LastError!.Length);
    }

    [Fact]
    public void AFinishedEvent_CannotFail()
    {
        var scheduled = Opening();
        scheduled.Done(DateTimeOffset.UnixEpoch, "opened");

        Assert.Throws<InvalidOperationException>(() => scheduled.Fail("late", maxAttempts: 5));
    }

    [Fact]
    public void Retry_OfAFailedEvent_MakesItPendingWithItsAttemptsAndErrorCleared()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");
        for (var i = 0; i < 3; i++)
            scheduled.Fail("broken", maxAttempts: 3);

        scheduled.Retry();

        Assert.Equal((ScheduledEventStatus.Pending, 0, null, null), (scheduled.Status, scheduled.Attempts, scheduled.LastError, scheduled.JobId));
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 18, 30, 0, TimeSpan.Zero), scheduled.DueAt); // its own time, never moved
    }

    [Fact]
    public void Retry_OfAnEventThatHasNotFailed_IsRefused()
    {
        var pending = Opening();
        pending.Fail("once", maxAttempts: 5);
        var done = Opening();
        done.Done(DateTimeOffset.UnixEpoch, "opened");

        Assert.Throws<InvalidOperationException>(pending.Retry);
        Assert.Throws<InvalidOperationException>(done.Retry);
        Assert.Equal((1, "once"), (pending.Attempts, pending.LastError));
    }
}
