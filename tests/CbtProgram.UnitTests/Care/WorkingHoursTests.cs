using CbtProgram.Web.Domain.Care;

namespace CbtProgram.UnitTests.Care;

public sealed class WorkingHoursTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly WorkingHours Clinic = new(London, new TimeOnly(9, 0), new TimeOnly(17, 0));

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) =>
        CbtProgram.Web.Domain.Scheduling.SessionSchedule.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), London);

    [Fact]
    public void FourHours_InsideOneWorkingDay_AreFourHours() =>
        Assert.Equal(At(2027, 3, 3, 14), Clinic.Add(At(2027, 3, 3, 10), TimeSpan.FromHours(4)));

    [Fact]
    public void AnAlertLateInTheDay_RunsOnIntoTheNextMorning() =>
        Assert.Equal(At(2027, 3, 4, 11), Clinic.Add(At(2027, 3, 3, 15), TimeSpan.FromHours(4)));

    [Fact]
    public void AnAlertAtNight_StartsCountingAtNine() =>
        Assert.Equal(At(2027, 3, 4, 13), Clinic.Add(At(2027, 3, 3, 23, 30), TimeSpan.FromHours(4)));

    [Fact]
    public void AnAlertOnFridayEvening_EscalatesOnMondayMorning() =>
        Assert.Equal(At(2027, 3, 8, 13), Clinic.Add(At(2027, 3, 5, 18), TimeSpan.FromHours(4)));

    [Fact]
    public void AWeekendAlert_CountsFromMonday() =>
        Assert.Equal(At(2027, 3, 8, 13), Clinic.Add(At(2027, 3, 6, 12), TimeSpan.FromHours(4)));

    [Fact]
    public void AcrossTheClockChange_WorkingHoursStayAtLocalNineToFive()
    {
        // The clocks go forward on Sunday 28 March 2027; Friday 16:00 GMT plus 4 working hours is Monday 12:00 BST.
        var due = Clinic.Add(At(2027, 3, 26, 16), TimeSpan.FromHours(4));

        Assert.Equal(At(2027, 3, 29, 12), due);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 11, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void AHolidayMonday_IsNotAWorkingDay_SoAFridayAfternoonAlertRunsIntoTuesday()
    {
        var withHoliday = Clinic with { Holidays = new HashSet<DateOnly> { new(2027, 5, 3) } }; // Early May bank holiday
        Assert.Equal(At(2027, 5, 4, 11), withHoliday.Add(At(2027, 4, 30, 15), TimeSpan.FromHours(4)));
        Assert.Equal(At(2027, 5, 3, 11), Clinic.Add(At(2027, 4, 30, 15), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void WorkingDays_AreWholeWorkingDaysOfTime() =>
        Assert.Equal(At(2027, 3, 5, 16), Clinic.AddWorkingDays(At(2027, 3, 3, 16), 2));

    [Fact]
    public void AWorkingDayThatEndsWhenItStarts_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => (Clinic with { End = new TimeOnly(9, 0) }).Add(At(2027, 3, 3, 10), TimeSpan.FromHours(1)));

    [Fact]
    public void AnAlertRaisedAsTheDayEnds_CountsFromTheNextMorning() =>
        Assert.Equal(At(2027, 3, 4, 10), Clinic.Add(At(2027, 3, 3, 17), TimeSpan.FromHours(1)));

    [Fact]
    public void AnAlertRaisedAsTheDayStarts_CountsFromThen() =>
        Assert.Equal(At(2027, 3, 3, 10), Clinic.Add(At(2027, 3, 3, 9), TimeSpan.FromHours(1)));

    [Fact]
    public void ExactlyTheRestOfTheDay_EndsAtTheEndOfTheDay() =>
        Assert.Equal(At(2027, 3, 3, 17), Clinic.Add(At(2027, 3, 3, 15), TimeSpan.FromHours(2)));
}
