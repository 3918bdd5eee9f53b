using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

// Expected instants are worked out by hand from the tz rules, never with the code under test:
// London GMT+0 / BST+1 from 28 Mar 2027 01:00Z; Lisbon keeps the same offsets on the same days;
// New York EDT-4 from 14 Mar 2027.
public sealed class ScheduledEventTests
{
    private static readonly Guid EnrolmentId = new("6f1c1e0a-3d9b-4c57-9a53-2b7f0d8e4a11");
    private static readonly TimeZoneInfo London = Zone("Europe/London");

    // Monday 29 March 2027, 18:30 BST = 17:30Z.
    private static readonly LocalMoment MondayEvening = new(new DateOnly(2027, 3, 29), new TimeOnly(18, 30));
    private static readonly DateTimeOffset MondayEveningUtc = Utc(2027, 3, 29, 17, 30);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static ScheduledEvent Opening() => new(EnrolmentId, ScheduledEventKind.SessionOpens, 3, MondayEvening, London);

    private static ScheduledEvent Finished(ScheduledEventStatus status)
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");
        if (status == ScheduledEventStatus.Done)
            scheduled.Done(MondayEveningUtc, "opened");
        else
            scheduled.Cancel(MondayEveningUtc.AddDays(-1), "withdrawn");
        return scheduled;
    }

    [Fact]
    public void Constructor_ComputesDueAtFromTheLocalMomentInTheZone()
    {
        var scheduled = new ScheduledEvent(EnrolmentId, ScheduledEventKind.FollowUpReminder, null, MondayEvening, London, sequence: 2);

        Assert.NotEqual(Guid.Empty, scheduled.Id);
        Assert.Equal(EnrolmentId, scheduled.EnrolmentId);
        Assert.Equal(ScheduledEventKind.FollowUpReminder, scheduled.Kind);
        Assert.Null(scheduled.Week);
        Assert.Equal(2, scheduled.Sequence);
        Assert.Equal(new DateOnly(2027, 3, 29), scheduled.LocalDate);
        Assert.Equal(new TimeOnly(18, 30), scheduled.LocalTime);
        Assert.Equal(MondayEvening, scheduled.LocalIntent);
        Assert.Equal("Europe/London", scheduled.TimeZoneId);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
    }

    [Fact]
    public void Constructor_NewEvent_IsPendingWithNoJobAndNoHistory()
    {
        var scheduled = Opening();

        Assert.Equal(3, scheduled.Week);
        Assert.Equal(0, scheduled.Sequence);
        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.Null(scheduled.JobId);
        Assert.Null(scheduled.CompletedAt);
        Assert.Null(scheduled.Outcome);
        Assert.Equal(0, scheduled.Attempts);
        Assert.False(scheduled.IsFinished);
        Assert.NotEqual(Opening().Id, scheduled.Id);
    }

    [Fact]
    public void Constructor_TimeInTheSpringForwardGap_KeepsTheChosenTimeAndIsDueAGapLater()
    {
        var scheduled = new ScheduledEvent(EnrolmentId, ScheduledEventKind.SessionOpens, 1,
            new LocalMoment(new DateOnly(2027, 3, 28), new TimeOnly(1, 30)), London);

        Assert.Equal(new TimeOnly(1, 30), scheduled.LocalTime);
        Assert.Equal(Utc(2027, 3, 28, 1, 30), scheduled.DueAt);
    }

    [Fact]
    public void Constructor_NoZone_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new ScheduledEvent(EnrolmentId, ScheduledEventKind.SessionOpens, 1, MondayEvening, null!));

    [Fact]
    public void IsDue_FromItsInstantOn()
    {
        var scheduled = Opening();

        Assert.False(scheduled.IsDue(MondayEveningUtc.AddTicks(-1)));
        Assert.True(scheduled.IsDue(MondayEveningUtc));
        Assert.True(scheduled.IsDue(MondayEveningUtc.AddDays(30)));
    }

    [Fact]
    public void IsDue_CancelledEvent_IsNeverDue()
    {
        var scheduled = Finished(ScheduledEventStatus.Cancelled);

        Assert.False(scheduled.IsDue(MondayEveningUtc));
        Assert.False(scheduled.IsDue(MondayEveningUtc.AddDays(30)));
    }

    [Fact]
    public void IsDue_DoneEvent_StaysDue() =>
        Assert.True(Finished(ScheduledEventStatus.Done).IsDue(MondayEveningUtc));

    [Theory]
    [InlineData(ScheduledEventStatus.Done)]
    [InlineData(ScheduledEventStatus.Cancelled)]
    public void IsFinished_DoneOrCancelled_IsTrue(ScheduledEventStatus status) =>
        Assert.True(Finished(status).IsFinished);

    [Fact]
    public void Planned_KeepsTheJobAndIsNotFinished()
    {
        var scheduled = Opening();

        scheduled.Planned("job-42");

        Assert.Equal("job-42", scheduled.JobId);
        Assert.Equal(ScheduledEventStatus.Planned, scheduled.Status);
        Assert.False(scheduled.IsFinished);
    }

    [Fact]
    public void MoveTo_AnotherMomentAndZone_RecomputesDueAtAndWaitsToBePlannedAgain()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");
        var tuesdayMorning = new LocalMoment(new DateOnly(2027, 3, 30), new TimeOnly(9, 0));

        scheduled.MoveTo(tuesdayMorning, Zone("America/New_York"));

        Assert.Equal(tuesdayMorning, scheduled.LocalIntent);
        Assert.Equal("America/New_York", scheduled.TimeZoneId);
        Assert.Equal(Utc(2027, 3, 30, 13, 0), scheduled.DueAt);
        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.Null(scheduled.JobId);
    }

    [Theory]
    [InlineData(ScheduledEventStatus.Done)]
    [InlineData(ScheduledEventStatus.Cancelled)]
    public void MoveTo_FinishedEvent_ThrowsAndStaysPut(ScheduledEventStatus status)
    {
        var scheduled = Finished(status);

        var ex = Assert.Throws<InvalidOperationException>(() => scheduled.MoveTo(MondayEvening.AddDays(7), London));

        Assert.Contains("finished", ex.Message, StringComparison.Ordinal);
        Assert.Equal(MondayEvening, scheduled.LocalIntent);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
        Assert.Equal(status, scheduled.Status);
    }

    [Fact]
    public void MoveOnByDays_AWeekAcrossTheSpringForward_KeepsTheLocalTime()
    {
        // Monday 22 March 2027 18:30 GMT = 18:30Z; a week on is 18:30 BST = 17:30Z.
        var scheduled = new ScheduledEvent(EnrolmentId, ScheduledEventKind.SessionOpens, 2,
            new LocalMoment(new DateOnly(2027, 3, 22), new TimeOnly(18, 30)), London);
        scheduled.Planned("job-1");

        scheduled.MoveOnByDays(7, London);

        Assert.Equal(MondayEvening, scheduled.LocalIntent);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.Null(scheduled.JobId);
    }

    [Fact]
    public void MoveOnByDays_FinishedEvent_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Finished(ScheduledEventStatus.Done).MoveOnByDays(7, London));

    [Fact]
    public void Recompute_SameZoneAndRules_ChangesNothing()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");

        Assert.False(scheduled.Recompute(Zone("Europe/London")));

        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
        Assert.Equal(ScheduledEventStatus.Planned, scheduled.Status);
        Assert.Equal("job-1", scheduled.JobId);
    }

    [Fact]
    public void Recompute_AnotherZone_KeepsTheLocalMomentAndMovesTheInstant()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");

        Assert.True(scheduled.Recompute(Zone("America/New_York")));

        // 18:30 EDT = 22:30Z.
        Assert.Equal(MondayEvening, scheduled.LocalIntent);
        Assert.Equal("America/New_York", scheduled.TimeZoneId);
        Assert.Equal(Utc(2027, 3, 29, 22, 30), scheduled.DueAt);
        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.Null(scheduled.JobId);
    }

    [Fact]
    public void Recompute_AnotherZoneWithTheSameInstant_StillTakesTheNewZone()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");

        Assert.True(scheduled.Recompute(Zone("Europe/Lisbon")));

        Assert.Equal("Europe/Lisbon", scheduled.TimeZoneId);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.Null(scheduled.JobId);
    }

    [Fact]
    public void Recompute_NewRulesForTheSameZone_MovesTheInstant()
    {
        // As if a tz database update put London on UTC+1 all year: the id stays, the instant of 18:30 moves.
        var monday = new LocalMoment(new DateOnly(2027, 1, 11), new TimeOnly(18, 30));
        var scheduled = new ScheduledEvent(EnrolmentId, ScheduledEventKind.SessionOpens, 1, monday, London);
        scheduled.Planned("job-1");
        var newRules = TimeZoneInfo.CreateCustomTimeZone("Europe/London", TimeSpan.FromHours(1), "London", "London");

        Assert.True(scheduled.Recompute(newRules));

        Assert.Equal(monday, scheduled.LocalIntent);
        Assert.Equal("Europe/London", scheduled.TimeZoneId);
        Assert.Equal(Utc(2027, 1, 11, 17, 30), scheduled.DueAt);
        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
    }

    [Theory]
    [InlineData(ScheduledEventStatus.Done)]
    [InlineData(ScheduledEventStatus.Cancelled)]
    public void Recompute_FinishedEvent_ReturnsFalseAndStaysPut(ScheduledEventStatus status)
    {
        var scheduled = Finished(status);

        Assert.False(scheduled.Recompute(Zone("America/New_York")));

        Assert.Equal("Europe/London", scheduled.TimeZoneId);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
        Assert.Equal(status, scheduled.Status);
    }

    [Fact]
    public void Defer_PlannedEvent_DropsItsJobAndWaitsAtTheSameTime()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");

        scheduled.Defer();

        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.Null(scheduled.JobId);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
    }

    [Theory]
    [InlineData(ScheduledEventStatus.Done)]
    [InlineData(ScheduledEventStatus.Cancelled)]
    public void Defer_FinishedEvent_ThrowsAndStaysFinished(ScheduledEventStatus status)
    {
        var scheduled = Finished(status);

        var ex = Assert.Throws<InvalidOperationException>(scheduled.Defer);

        Assert.Contains("finished", ex.Message, StringComparison.Ordinal);
        Assert.Equal(status, scheduled.Status);
    }

    [Fact]
    public void Restore_CancelledEvent_WaitsToRunAgainWithItsCancellationCleared()
    {
        var scheduled = Finished(ScheduledEventStatus.Cancelled);

        scheduled.Restore();

        Assert.Equal(ScheduledEventStatus.Pending, scheduled.Status);
        Assert.False(scheduled.IsFinished);
        Assert.Null(scheduled.JobId);
        Assert.Null(scheduled.CompletedAt);
        Assert.Null(scheduled.Outcome);
        Assert.Equal(MondayEveningUtc, scheduled.DueAt);
        Assert.True(scheduled.IsDue(MondayEveningUtc));
    }

    [Fact]
    public void Restore_DoneEvent_ThrowsAndStaysDone()
    {
        var scheduled = Finished(ScheduledEventStatus.Done);

        var ex = Assert.Throws<InvalidOperationException>(scheduled.Restore);

        Assert.Contains("cancelled", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ScheduledEventStatus.Done, scheduled.Status);
        Assert.Equal("opened", scheduled.Outcome);
    }

    [Fact]
    public void Restore_EventNotCancelled_Throws()
    {
        var planned = Opening();
        planned.Planned("job-1");

        Assert.Throws<InvalidOperationException>(Opening().Restore);
        Assert.Throws<InvalidOperationException>(planned.Restore);
        Assert.Equal("job-1", planned.JobId);
    }

    [Fact]
    public void Done_RecordsWhenAndWhatAndCountsTheAttempt()
    {
        var scheduled = Opening();
        scheduled.Planned("job-1");
        var now = MondayEveningUtc.AddMinutes(3);

        scheduled.Done(now, "opened; notice and email");

        Assert.Equal(ScheduledEventStatus.Done, scheduled.Status);
        Assert.True(scheduled.IsFinished);
        Assert.Equal(now, scheduled.CompletedAt);
        Assert.Equal("opened; notice and email", scheduled.Outcome);
        Assert.Equal(1, scheduled.Attempts);
    }

    [Theory]
    [InlineData(ScheduledEventStatus.Done)]
    [InlineData(ScheduledEventStatus.Cancelled)]
    public void Done_FinishedEvent_ThrowsAndKeepsItsHistory(ScheduledEventStatus status)
    {
        var scheduled = Finished(status);
        var outcome = scheduled.Outcome;
        var attempts = scheduled.Attempts;

        var ex = Assert.Throws<InvalidOperationException>(() => scheduled.Done(MondayEveningUtc.AddDays(1), "again"));

        Assert.Contains("finished", ex.Message, StringComparison.Ordinal);
        Assert.Equal(status, scheduled.Status);
        Assert.Equal(outcome, scheduled.Outcome);
        Assert.Equal(attempts, scheduled.Attempts);
    }

    [Fact]
    public void Cancel_PendingEvent_RecordsWhenAndWhy()
    {
        var scheduled = Opening();
        var now = Utc(2027, 3, 20, 10, 0);

        scheduled.Cancel(now, "withdrawn");

        Assert.Equal(ScheduledEventStatus.Cancelled, scheduled.Status);
        Assert.True(scheduled.IsFinished);
        Assert.Equal(now, scheduled.CompletedAt);
        Assert.Equal("withdrawn", scheduled.Outcome);
        Assert.Equal(0, scheduled.Attempts);
    }

    [Theory]
    [InlineData(ScheduledEventStatus.Done)]
    [InlineData(ScheduledEventStatus.Cancelled)]
    public void Cancel_FinishedEvent_ThrowsAndKeepsItsHistory(ScheduledEventStatus status)
    {
        var scheduled = Finished(status);
        var completedAt = scheduled.CompletedAt;
        var outcome = scheduled.Outcome;

        var ex = Assert.Throws<InvalidOperationException>(() => scheduled.Cancel(MondayEveningUtc.AddDays(1), "too late"));

        Assert.Contains("finished", ex.Message, StringComparison.Ordinal);
        Assert.Equal(status, scheduled.Status);
        Assert.Equal(completedAt, scheduled.CompletedAt);
        Assert.Equal(outcome, scheduled.Outcome);
    }
}
