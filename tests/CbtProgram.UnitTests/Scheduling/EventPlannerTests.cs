using CbtProgram.Web.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

public sealed class EventPlannerTests
{
    [Fact]
    public void NextWholeSecond_RoundsAFractionUp_SoAJobNeverRunsBeforeItsEvent() =>
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 18, 30, 1, TimeSpan.Zero),
            EventPlanner.NextWholeSecond(new DateTimeOffset(2027, 3, 2, 18, 30, 0, TimeSpan.Zero).AddMilliseconds(1)));

    [Fact]
    public void NextWholeSecond_LeavesAWholeSecondAlone()
    {
        var due = new DateTimeOffset(2027, 3, 2, 18, 30, 0, TimeSpan.Zero);

        Assert.Equal(due, EventPlanner.NextWholeSecond(due));
    }
}
