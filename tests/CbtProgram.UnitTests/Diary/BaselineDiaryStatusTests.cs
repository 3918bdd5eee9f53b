using CbtProgram.Web.Journey;

namespace CbtProgram.UnitTests.Diary;

/// <summary>The baseline diary window before week 1: its dates, the days the schedule left, the days recorded, and when it is short.</summary>
public sealed class BaselineDiaryStatusTests
{
    private static readonly DateOnly Week1 = new(2027, 3, 16);

    [Fact]
    public void AFirstSessionFourteenDaysAway_LeavesTheWholeWindow()
    {
        var status = BaselineDiaryStatus.Compute(14, Week1, enrolledOn: new DateOnly(2027, 3, 2), []);

        Assert.Equal((new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 15)), (status.From, status.To));
        Assert.Equal(14, status.AvailableDays);
        Assert.False(status.IsShort);
        Assert.Equal("baseline diary: 0 of 14 days recorded", status.Describe());
    }

    [Fact]
    public void AFirstSessionOneDayShort_IsShort_AndSaysBy_HowMuch()
    {
        var status = BaselineDiaryStatus.Compute(14, Week1, enrolledOn: new DateOnly(2027, 3, 3), []);

        Assert.Equal(13, status.AvailableDays);
        Assert.True(status.IsShort);
    }

    [Fact]
    public void AFirstSessionFiveDaysAway_IsShort_AndCountsOnlyTheWindowsDays()
    {
        DateOnly[] written = [new(2027, 3, 1), new(2027, 3, 11), new(2027, 3, 12), new(2027, 3, 12), new(2027, 3, 15), Week1];

        var status = BaselineDiaryStatus.Compute(14, Week1, enrolledOn: new DateOnly(2027, 3, 11), written);

        Assert.Equal(5, status.AvailableDays);
        Assert.Equal(3, status.RecordedDays); // 11, 12 and 15 March: not the day before the window, nor week 1's own day
        Assert.Equal("baseline diary: 3 of 14 days recorded (short: week 1 left 5 of the 14 planned days)", status.Describe());
    }

    [Fact]
    public void EnrolledOnWeek1sOwnDay_LeavesNone()
    {
        var status = BaselineDiaryStatus.Compute(14, Week1, enrolledOn: Week1, []);

        Assert.Equal(0, status.AvailableDays);
        Assert.True(status.IsShort);
    }

    [Fact]
    public void AnEnrolmentRecordedAfterItsWeek1_IsNotJudged() =>
        Assert.False(BaselineDiaryStatus.Compute(14, Week1, enrolledOn: Week1.AddDays(30), []).IsShort);
}
