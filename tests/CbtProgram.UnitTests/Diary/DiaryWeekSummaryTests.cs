using CbtProgram.Web.Domain.Diary;

namespace CbtProgram.UnitTests.Diary;

public sealed class DiaryWeekSummaryTests
{
    private static readonly DateOnly Today = new(2027, 3, 10);

    private static DiaryWeekSummary.Day Headache(int daysBack, int peak, bool medicine, int mood, int? relaxation = null) =>
        new(Today.AddDays(-daysBack), true, peak, medicine, mood, relaxation);

    private static DiaryWeekSummary.Day Clear(int daysBack, int mood, int? relaxation = null) =>
        new(Today.AddDays(-daysBack), false, null, false, mood, relaxation);

    [Fact]
    public void Of_TheSevenDaysBeforeToday_CountsAndAverages()
    {
        var summary = DiaryWeekSummary.Of(
        [
            Headache(1, peak: 6, medicine: true, mood: 4, relaxation: 10),
            Headache(3, peak: 3, medicine: false, mood: 6),
            Clear(4, mood: 8, relaxation: 20),
            Clear(7, mood: 7),
            Headache(0, peak: 9, medicine: true, mood: 1, relaxation: 100), // today: not yet part of last week
            Headache(8, peak: 9, medicine: true, mood: 1, relaxation: 100), // the week before
        ], Today);

        Assert.Equal((Today.AddDays(-7), Today.AddDays(-1)), (summary.From, summary.To));
        Assert.Equal(4, summary.DaysRecorded);
        Assert.Equal(2, summary.HeadacheDays);
        Assert.Equal(4.5m, summary.AveragePeakIntensity);
        Assert.Equal(1, summary.MedicineDays);
        Assert.Equal(6.3m, summary.AverageMood); // 25 / 4 = 6.25, a half rounded up as people expect
        Assert.Equal(30, summary.RelaxationMinutes);
    }

    [Fact]
    public void Of_NoDays_HasNoAverages()
    {
        var summary = DiaryWeekSummary.Of([], Today);

        Assert.Equal(0, summary.DaysRecorded);
        Assert.Null(summary.AveragePeakIntensity);
        Assert.Null(summary.AverageMood);
        Assert.Equal(0, summary.RelaxationMinutes);
    }

    [Fact]
    public void Of_OnlyHeadacheFreeDays_HasNoPeakAverage()
    {
        var summary = DiaryWeekSummary.Of([Clear(1, mood: 5), Clear(2, mood: 6)], Today);

        Assert.Null(summary.AveragePeakIntensity);
        Assert.Equal(5.5m, summary.AverageMood);
    }
}
