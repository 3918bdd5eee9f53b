using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

public sealed class MissedSessionsTests
{
    [Theory]
    [InlineData(new int[0], 1, 0)]      // week 1 opening: nothing before it
    [InlineData(new int[0], 3, 2)]      // weeks 1 and 2 not completed
    [InlineData(new[] { 1 }, 3, 1)]     // only week 2 missed
    [InlineData(new[] { 1 }, 4, 2)]     // weeks 2 and 3 missed
    [InlineData(new[] { 1, 2, 3 }, 4, 0)]
    [InlineData(new[] { 2 }, 4, 1)]     // a completed week breaks the run
    public void InARow_CountsTheUncompletedWeeksJustBeforeTheOpening(int[] completed, int openingWeek, int expected) =>
        Assert.Equal(expected, MissedSessions.InARow(completed, openingWeek));
}
