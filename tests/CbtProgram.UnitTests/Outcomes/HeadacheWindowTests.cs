using CbtProgram.Web.Outcomes.Statistics;

namespace CbtProgram.UnitTests.Outcomes;

public sealed class HeadacheWindowTests
{
    private static readonly DateOnly End = new(2026, 3, 1);
    private static readonly (DateOnly From, DateOnly To) Window = HeadacheWindow.Before(End);

    /// <summary>Recorded days from the window's start: every other day a headache of the given peak, with medicine on headache days.</summary>
    private static List<DiaryDayFigures> Days(int recorded, int peak = 6) =>
        Enumerable.Range(0, recorded).Select(i => new DiaryDayFigures(Window.From.AddDays(i), i % 2 == 0, i % 2 == 0 ? peak : null, i % 2 == 0)).ToList();

    [Fact]
    public void Window_IsThe28DaysBeforeTheEndDate()
    {
        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), Window);
    }

    [Fact]
    public void TooFewRecordedDays_IsInsufficient_NotZero()
    {
        var figures = HeadacheWindow.Summarise(Days(HeadacheWindow.MinimumDays - 1), Window.From, Window.To);
        Assert.False(figures.Sufficient);
        Assert.Equal(13, figures.RecordedDays);
        Assert.Null(figures.HeadacheDaysPer28);
        Assert.Null(figures.HeadacheIndex);
    }

    [Fact]
    public void FourteenDays_ScaleTo28_ByTheDaysRecorded()
    {
        // 14 recorded, 7 with a headache of peak 6 and medicine: 7 × 28/14 = 14 per 28; index 42 × 28/14 = 84.
        var figures = HeadacheWindow.Summarise(Days(14), Window.From, Window.To);
        Assert.True(figures.Sufficient);
        Assert.Equal(14, figures.HeadacheDaysPer28);
        Assert.Equal(6, figures.MeanPeakIntensity);
        Assert.Equal(84, figures.HeadacheIndex);
        Assert.Equal(14, figures.AcuteMedicineDaysPer28);
    }

    [Fact]
    public void DaysOutsideTheWindow_DoNotCount()
    {
        var outside = new[] { new DiaryDayFigures(End, true, 9, true), new DiaryDayFigures(Window.From.AddDays(-1), true, 9, true) };
        var figures = HeadacheWindow.Summarise(Days(20).Concat(outside), Window.From, Window.To);
        Assert.Equal(20, figures.RecordedDays);
        Assert.Equal(10 * 28.0 / 20, figures.HeadacheDaysPer28);
    }

    [Fact]
    public void NoHeadacheDays_HasNoMeanIntensity_ButAZeroIndex()
    {
        var calm = Enumerable.Range(0, 28).Select(i => new DiaryDayFigures(Window.From.AddDays(i), false, null, false));
        var figures = HeadacheWindow.Summarise(calm, Window.From, Window.To);
        Assert.Equal(0, figures.HeadacheDaysPer28);
        Assert.Null(figures.MeanPeakIntensity);
        Assert.Equal(0, figures.HeadacheIndex);
    }

    [Theory]
    [InlineData(10.0, 5.0, true)]    // exactly half
    [InlineData(10.0, 5.1, false)]
    [InlineData(10.0, 0.0, true)]
    [InlineData(10.0, 12.0, false)]
    [InlineData(0.0, 0.0, null)]     // nothing to halve
    [InlineData(null, 3.0, null)]    // baseline insufficient
    [InlineData(8.0, null, null)]
    public void Responder_HalfOrMoreFewerHeadacheDays(double? baseline, double? later, bool? responder) =>
        Assert.Equal(responder, HeadacheWindow.Responder(baseline, later));

    [Fact]
    public void Responder_AtHalf_WithScaledFractions()
    {
        // 9 headache days in 21 recorded (12 per 28) then 3 in 14 (6 per 28): exactly half despite the floating point.
        Assert.True(HeadacheWindow.Responder(9 * 28.0 / 21, 3 * 28.0 / 14));
    }
}
