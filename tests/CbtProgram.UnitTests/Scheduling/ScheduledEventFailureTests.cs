using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

/// <summary>A failed attempt is recorded on the event; enough of them make it Failed; a finished event cannot fail.</summary>
public sealed class ScheduledEventFailureTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly DateTimeOffset Now = new(2027, 3, 2, 18, 35, 0, TimeSpan.Zero);

    private static ScheduledEvent Opening() =>
        new(Guid.NewGuid(), ScheduledEventKind.SessionOpens, 1, new LocalMoment(new DateOnly(2027, 3, 2), new TimeOnly(18, 30)), London);

    [Fact]
    public void EachFailure_CountsAnAttempt_AndTheLastMaxOneMakesItFailed()
    {
        var scheduled = Opening();

        scheduled.Fail("first", maxAttempts: 3, Now);
        scheduled.Fail("second", maxAttempts: 3, Now);
        Assert.Equal((2, ScheduledEventStatus.Pending, "second"), (scheduled.Attempts, scheduled.Status, scheduled.LastError));
        scheduled.Fail("third", maxAttempts: 3, Now);

        Assert.Equal((3, ScheduledEventStatus.Failed, "third"), (scheduled.Attempts, scheduled.Status, scheduled.LastError));
        Assert.False(scheduled.IsFinished); // an admin can still run it
    }

    [Fact]
    public void EachFailure_SetsTheNextAttempt_1_2_4_8MinutesLater_AndFailedHasNone()
    {
        var scheduled = Opening();
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            scheduled.Fail("broken", maxAttempts: 5, Now);
            waits.Add(scheduled.NextAttemptAt!.Value - Now);
        }
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)], waits);

        scheduled.Fail("broken", maxAttempts: 5, Now);
        Assert.Equal((ScheduledEventStatus.Failed, null), (scheduled.Status, scheduled.NextAttemptAt)); // only an admin's retry now
        scheduled.Retry();
        Assert.Null(scheduled.NextAttemptAt);
    }

    [Fact]
    public void TheWaitBetweenAttempts_StopsGrowingAtHalfAnHour() =>
        Assert.Equal(TimeSpan.FromMinutes(30), ScheduledEvent.RetryDelay(9));

    [Fact]
    public void ALongError_IsCutToItsColumn()
    {
        var scheduled = Opening();

        scheduled.Fail(new string('x', ScheduledEvent.MaxErrorLength + 1), maxAttempts: 5, Now);

        Assert.Equal(ScheduledEvent.MaxErrorLength, scheduled.LastError!.Length);
    }

    [Fact]
    public void AnErrorThatFits_IsKeptWhole()
    {
        var scheduled = Opening();

        scheduled.Fail(new string('x', ScheduledEvent.MaxErrorLength), maxAttempts: 5, Now);

        Assert.Equal(ScheduledEvent.MaxErrorLength, scheduled.LastError!.Length);
    }

    [Fact]
    public void AFinishedEvent_CannotFail()
    {
        var scheduled = Opening();
        scheduled.Done(DateTimeOffset.UnixEpoch, "opened");

        Assert.Equal("A finished event cannot fail.", Assert.Throws<InvalidOperationException>(() => scheduled.Fail("late", maxAttempts: 5, Now)).Message);
    }

    [Fact]
    public void Retry_OfAFailedEvent_MakesItPendingWithItsAttemptsAndErrorCleared()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");
        for (var i = 0; i < 3; i++)
            scheduled.Fail("broken", maxAttempts: 3, Now);

        scheduled.Retry();

        Assert.Equal((ScheduledEventStatus.Pending, 0, null, null), (scheduled.Status, scheduled.Attempts, scheduled.LastError, scheduled.JobId));
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 18, 30, 0, TimeSpan.Zero), scheduled.DueAt); // its own time, never moved
    }

    [Fact]
    public void Retry_OfAnEventThatHasNotFailed_IsRefused()
    {
        var pending = Opening();
        pending.Fail("once", maxAttempts: 5, Now);
        var done = Opening();
        done.Done(DateTimeOffset.UnixEpoch, "opened");

        Assert.Equal("Only a failed event can be retried.", Assert.Throws<InvalidOperationException>(pending.Retry).Message);
        Assert.Throws<InvalidOperationException>(done.Retry);
        Assert.Equal((1, "once"), (pending.Attempts, pending.LastError));
    }
}

/// <summary>Event kinds in the words the admin pages use.</summary>
public sealed class ScheduledEventKindNameTests
{
    [Theory]
    [InlineData(ScheduledEventKind.SessionOpens, 3, "Session opens, week 3")]
    [InlineData(ScheduledEventKind.FollowUpOpens, null, "Follow-up opens")]
    [InlineData(ScheduledEventKind.SessionReminder, 1, "Session reminder, week 1")]
    [InlineData(ScheduledEventKind.ModuleNudge, 12, "Module nudge, week 12")]
    [InlineData(ScheduledEventKind.FollowUpReminder, null, "Follow-up reminder")]
    [InlineData(ScheduledEventKind.FollowUpCloses, null, "Follow-up closes")]
    [InlineData((ScheduledEventKind)99, null, "99")]
    public void EachKind_HasItsName(ScheduledEventKind kind, int? week, string expected) =>
        Assert.Equal(expected, ScheduledEventKinds.Describe(kind, week));
}
