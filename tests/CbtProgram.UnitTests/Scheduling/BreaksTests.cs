using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

// Expected instants are worked out by hand from the tz rules: London GMT+0 until 28 Mar 2027 01:00Z, BST+1 after.
public sealed class BreaksTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Monday 22 March 2027, 18:30 GMT = 18:30Z; the Mondays after it are at 18:30 BST = 17:30Z.
    private static readonly LocalMoment NextSession = new(new DateOnly(2027, 3, 22), new TimeOnly(18, 30));
    private static readonly DateTimeOffset NextSessionUtc = Utc(2027, 3, 22, 18, 30);
    private static readonly DateTimeOffset PausedAt = Utc(2027, 3, 15, 10, 0);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static int WeeksToMove(DateTimeOffset resumedAt) => Breaks.WeeksToMove(NextSession, London, PausedAt, resumedAt);

    [Fact]
    public void WeeksToMove_ResumedBeforeTheNextSession_MovesNothing()
    {
        Assert.Equal(0, WeeksToMove(PausedAt.AddDays(1)));
        Assert.Equal(0, WeeksToMove(NextSessionUtc.AddTicks(-1)));
    }

    [Fact]
    public void WeeksToMove_ResumedAtTheInstantOfTheNextSession_MovesAWeek() =>
        Assert.Equal(1, WeeksToMove(NextSessionUtc));

    [Fact]
    public void WeeksToMove_ResumedJustAfterTheNextSession_MovesAWeek() =>
        Assert.Equal(1, WeeksToMove(NextSessionUtc.AddTicks(1)));

    [Fact]
    public void WeeksToMove_LongBreak_MovesTheFewestWeeksThatBringTheSessionAfterIt()
    {
        // Sessions would be 22 Mar, 29 Mar, 5 Apr, 12 Apr...; resumed on Sunday 4 April.
        Assert.Equal(2, WeeksToMove(Utc(2027, 4, 4, 12, 0)));
        // Resumed on Tuesday 13 April, after the 12 April session: it comes on 19 April.
        Assert.Equal(4, WeeksToMove(Utc(2027, 4, 13, 9, 0)));
    }

    [Fact]
    public void WeeksToMove_AcrossTheSpringForward_StepsInCalendarWeeksAtTheLocalTime()
    {
        // A week on, the session is at 18:30 BST = 17:30Z, an hour earlier than 168 hours would put it.
        Assert.Equal(1, WeeksToMove(Utc(2027, 3, 29, 17, 29)));
        Assert.Equal(2, WeeksToMove(Utc(2027, 3, 29, 17, 30)));
        Assert.Equal(2, WeeksToMove(Utc(2027, 3, 29, 17, 45)));
    }

    [Fact]
    public void WeeksToMove_SessionInTheSpringForwardGap_IsAfterTheBreakOnceItsShiftedInstantIs()
    {
        // Sunday 21 March 01:30 GMT = 01:30Z; a week on, 01:30 does not exist and is read as 02:30 BST = 01:30Z.
        var gapSession = new LocalMoment(new DateOnly(2027, 3, 21), new TimeOnly(1, 30));

        Assert.Equal(1, Breaks.WeeksToMove(gapSession, London, PausedAt, Utc(2027, 3, 28, 1, 29)));
        Assert.Equal(2, Breaks.WeeksToMove(gapSession, London, PausedAt, Utc(2027, 3, 28, 1, 30)));
    }

    [Fact]
    public void WeeksToMove_ZeroLengthBreak_IsAllowed()
    {
        Assert.Equal(0, Breaks.WeeksToMove(NextSession, London, PausedAt, PausedAt));
        Assert.Equal(0, Breaks.WeeksToMove(null, London, PausedAt, PausedAt));
    }

    [Fact]
    public void WeeksToMove_ResumedBeforeItWasPaused_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Breaks.WeeksToMove(NextSession, London, PausedAt, PausedAt.AddTicks(-1)));

        Assert.Equal("resumedAt", ex.ParamName);
        Assert.Contains("before it began", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Breaks.WeeksToMove(null, London, PausedAt, PausedAt.AddDays(-8)));
    }

    [Fact]
    public void WeeksToMove_NoZone_Throws() =>
        Assert.Throws<ArgumentNullException>(() => Breaks.WeeksToMove(null, null!, PausedAt, PausedAt.AddDays(3)));

    [Theory]
    [InlineData(0, 1, 0, 1)]   // an hour is a part-week
    [InlineData(6, 23, 0, 1)]
    [InlineData(7, 0, 0, 1)]   // exactly a week
    [InlineData(7, 0, 1, 2)]   // a tick more starts a second week
    [InlineData(10, 0, 0, 2)]
    [InlineData(14, 0, 0, 2)]
    [InlineData(20, 12, 0, 3)]
    public void WeeksToMove_NoSessionLeft_IsTheBreakInWholeWeeksRoundedUp(int days, int hours, int ticks, int expected)
    {
        var resumedAt = PausedAt + new TimeSpan(days, hours, 0, 0) + TimeSpan.FromTicks(ticks);

        Assert.Equal(expected, Breaks.WeeksToMove(null, London, PausedAt, resumedAt));
    }
}
