using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

// Expected instants are worked out by hand from the tz rules, never with the code under test:
// London GMT+0 / BST+1, 28 Mar 2027 01:00 GMT -> 02:00 BST (01:00Z), 31 Oct 2027 02:00 BST -> 01:00 GMT (01:00Z).
public sealed class LocalMomentTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static LocalMoment Local(int year, int month, int day, int hour, int minute) =>
        new(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void ToInstant_WinterTimeInLondon_IsTheSameClockTimeInUtc() =>
        Assert.Equal(Utc(2027, 1, 11, 18, 30), Local(2027, 1, 11, 18, 30).ToInstant(London));

    [Fact]
    public void ToInstant_SummerTimeInLondon_IsAnHourEarlierInUtc() =>
        Assert.Equal(Utc(2027, 7, 5, 17, 30), Local(2027, 7, 5, 18, 30).ToInstant(London));

    [Fact]
    public void ToInstant_TimeInTheSpringForwardGap_ComesAGapLater()
    {
        // 01:30 on 28 March 2027 never shows on a London clock; an hour later it is 02:30 BST, 01:30Z.
        var instant = Local(2027, 3, 28, 1, 30).ToInstant(London);

        Assert.Equal(Utc(2027, 3, 28, 1, 30), instant);
        Assert.Equal(Local(2027, 3, 28, 2, 30), LocalMoment.At(instant, London));
    }

    [Fact]
    public void ToInstant_TimeThatHappensTwiceInAutumn_IsTheFirstOccurrence()
    {
        // 01:30 on 31 October 2027 comes first in BST (00:30Z), then again in GMT (01:30Z).
        var instant = Local(2027, 10, 31, 1, 30).ToInstant(London);

        Assert.Equal(Utc(2027, 10, 31, 0, 30), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Fact]
    public void At_AnInstant_IsItsWallClockMomentInTheZone()
    {
        Assert.Equal(Local(2027, 3, 28, 0, 59), LocalMoment.At(Utc(2027, 3, 28, 0, 59), London));
        Assert.Equal(Local(2027, 3, 28, 2, 0), LocalMoment.At(Utc(2027, 3, 28, 1, 0), London));
        Assert.Equal(Local(2027, 3, 29, 18, 30), LocalMoment.At(Utc(2027, 3, 29, 17, 30), London));
    }

    [Fact]
    public void At_AnInstantWithAnOffset_IsReadAsTheSameInstant() =>
        Assert.Equal(Local(2027, 7, 5, 18, 30),
            LocalMoment.At(new DateTimeOffset(2027, 7, 5, 13, 30, 0, TimeSpan.FromHours(-4)), London));

    [Fact]
    public void Of_ALocalDateTime_KeepsItsDateAndTimeToTheTick()
    {
        var local = new DateTime(2027, 3, 28, 1, 30, 15, DateTimeKind.Unspecified).AddTicks(7);

        var moment = LocalMoment.Of(local);

        Assert.Equal(new DateOnly(2027, 3, 28), moment.Date);
        Assert.Equal(TimeOnly.FromTimeSpan(new TimeSpan(1, 30, 15) + TimeSpan.FromTicks(7)), moment.Time);
        Assert.Equal(local, moment.ToDateTime());
    }

    [Fact]
    public void ToDateTime_IsTheWallClockWithNoKind()
    {
        var local = Local(2027, 3, 28, 1, 30).ToDateTime();

        Assert.Equal(new DateTime(2027, 3, 28, 1, 30, 0), local);
        Assert.Equal(DateTimeKind.Unspecified, local.Kind);
    }

    [Fact]
    public void AddDays_AWeekAcrossTheSpringForward_KeepsTheWallClockTime()
    {
        var before = Local(2027, 3, 22, 18, 30);

        var after = before.AddDays(7);

        Assert.Equal(Local(2027, 3, 29, 18, 30), after);
        // A calendar week, not 168 hours: the clocks went forward, so it is 167 hours later.
        Assert.Equal(TimeSpan.FromHours(167), after.ToInstant(London) - before.ToInstant(London));
    }

    [Fact]
    public void AddDays_AcrossAYearEndAndBack_IsCalendarArithmetic()
    {
        Assert.Equal(Local(2028, 1, 4, 9, 0), Local(2027, 12, 28, 9, 0).AddDays(7));
        Assert.Equal(Local(2027, 12, 28, 9, 0), Local(2028, 1, 4, 9, 0).AddDays(-7));
        Assert.Equal(Local(2028, 2, 29, 9, 0), Local(2028, 2, 28, 9, 0).AddDays(1));
    }

    [Fact]
    public void AddHours_TwentyFourBeforeAnEveningAfterTheClockChange_IsTheSameTimeTheDayBefore()
    {
        var session = Local(2027, 3, 28, 18, 30);

        var reminder = session.AddHours(-24);

        Assert.Equal(Local(2027, 3, 27, 18, 30), reminder);
        // Wall-clock hours: only 23 real hours separate them.
        Assert.Equal(TimeSpan.FromHours(23), session.ToInstant(London) - reminder.ToInstant(London));
    }

    [Fact]
    public void AddHours_AFractionAcrossMidnight_MovesTheDateToo()
    {
        Assert.Equal(Local(2027, 1, 2, 0, 15), Local(2027, 1, 1, 23, 45).AddHours(0.5));
        Assert.Equal(Local(2026, 12, 31, 22, 15), Local(2027, 1, 1, 23, 45).AddHours(-25.5));
    }
}
