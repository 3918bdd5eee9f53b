using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

/// <summary>Where the mid and post windows fall in a schedule (program.yaml's shipped timing), to the minute and across clock changes.</summary>
public sealed class AssessmentWindowsTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProgramDefinition Program() => new()
    {
        Weeks = 12,
        AssessmentPoints =
        [
            new() { Id = "mid", Week = 6, WindowDays = 7, RemindersAfterDays = [3] },
            new() { Id = "post", AfterWeek = 12, WindowDays = 14, RemindersAfterDays = [3, 7] },
            new() { Id = "follow-up", MonthsAfterWeek12 = 4, WindowDays = 14, RemindersAfterDays = [3, 7] },
        ],
    };

    private static List<ScheduledEvent> Events(DateOnly start, string zone = "Europe/London")
    {
        var schedule = SessionSchedule.Compute(new SessionPreferences(zone, DayOfWeek.Tuesday, new TimeOnly(18, 30), start));
        return ScheduleEvents.For(Guid.NewGuid(), schedule, Program(), LongAgo).ToList();
    }

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        SessionSchedule.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), London);

    [Fact]
    public void Post_OpensExactlyWhenWeek12HasRunItsSevenDays_NotWhenItOpens()
    {
        var events = Events(new DateOnly(2027, 3, 2));
        var week12 = events.Single(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 12);
        var opens = events.Single(e => e.Kind == ScheduledEventKind.PostOpens);

        Assert.Equal(new DateOnly(2027, 5, 18), week12.LocalDate);
        Assert.Equal(Local(2027, 5, 25, 18, 30), opens.DueAt); // when a week 13 would open
        Assert.Equal(week12.LocalIntent.AddDays(7), opens.LocalIntent);
        Assert.Null(opens.Week);
    }

    [Fact]
    public void Post_ClosesAtTheWindowsEnd_WithItsRemindersInside()
    {
        var events = Events(new DateOnly(2027, 3, 2));

        Assert.Equal([Local(2027, 5, 28, 18, 30), Local(2027, 6, 1, 18, 30)],
            events.Where(e => e.Kind == ScheduledEventKind.PostReminder).OrderBy(e => e.Sequence).Select(e => e.DueAt));
        Assert.Equal([1, 2], events.Where(e => e.Kind == ScheduledEventKind.PostReminder).Select(e => e.Sequence).Order());
        Assert.Equal(Local(2027, 6, 8, 18, 30), events.Single(e => e.Kind == ScheduledEventKind.PostCloses).DueAt);
    }

    [Fact]
    public void Mid_OpensWithWeek6_AndClosesWhenWeek7Opens()
    {
        var events = Events(new DateOnly(2027, 3, 2));
        var week6 = events.Single(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 6);
        var week7 = events.Single(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == 7);

        Assert.Equal(week6.DueAt, events.Single(e => e.Kind == ScheduledEventKind.MidOpens).DueAt);
        Assert.Equal(week6.LocalIntent.AddDays(3), events.Single(e => e.Kind == ScheduledEventKind.MidReminder).LocalIntent);
        Assert.Equal(week7.DueAt, events.Single(e => e.Kind == ScheduledEventKind.MidCloses).DueAt);
    }

    [Fact]
    public void Post_WindowAcrossTheAutumnClockChange_KeepsTheLocalTime_AndLastsAnHourLonger()
    {
        // Week 12 on Tuesday 19 October 2027; UK clocks go back on Sunday 31 October.
        var events = Events(new DateOnly(2027, 8, 3));
        var opens = events.Single(e => e.Kind == ScheduledEventKind.PostOpens);
        var closes = events.Single(e => e.Kind == ScheduledEventKind.PostCloses);

        Assert.Equal(new DateTimeOffset(2027, 10, 26, 17, 30, 0, TimeSpan.Zero), opens.DueAt); // 18:30 BST
        Assert.Equal(new DateTimeOffset(2027, 11, 9, 18, 30, 0, TimeSpan.Zero), closes.DueAt); // 18:30 GMT
        Assert.Equal(new TimeOnly(18, 30), closes.LocalTime);
        Assert.Equal(TimeSpan.FromDays(14) + TimeSpan.FromHours(1), closes.DueAt - opens.DueAt);
    }

    [Fact]
    public void AMovedAnchorSession_PutsEachWindowEventWhereANewScheduleWould()
    {
        var rule = new AssessmentWindowRule("post", 12, AtWeekEnd: true, 14, [3, 7]);
        var moved = new LocalMoment(new DateOnly(2027, 5, 20), new TimeOnly(9, 0));

        Assert.Equal(moved.AddDays(7), AssessmentWindows.MovedTo(rule, moved, ScheduledEventKind.PostOpens, 0));
        Assert.Equal(moved.AddDays(14), AssessmentWindows.MovedTo(rule, moved, ScheduledEventKind.PostReminder, 2));
        Assert.Equal(moved.AddDays(21), AssessmentWindows.MovedTo(rule, moved, ScheduledEventKind.PostCloses, 0));
    }

    [Fact]
    public void RemindersOnOrAfterTheClose_AreNotScheduled()
    {
        var rule = new AssessmentWindowRule("mid", 6, AtWeekEnd: false, 7, [3, 7, 9]);
        var at = new LocalMoment(new DateOnly(2027, 4, 6), new TimeOnly(18, 30));

        Assert.Single(AssessmentWindows.Events(rule, at), e => e.Kind == ScheduledEventKind.MidReminder);
    }

    [Fact]
    public void APointWithoutAWindow_HasNoWindowEvents()
    {
        var program = Program();
        program.AssessmentPoints[0].WindowDays = null;

        Assert.Equal(["post"], program.AssessmentWindows().Select(w => w.Point));
    }
}
