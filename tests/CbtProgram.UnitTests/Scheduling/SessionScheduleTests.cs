using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

// Expected instants are worked out by hand from the tz rules (checked against zdump), never with the code under test:
// London GMT+0 / BST+1, changes 01:00Z on the last Sunday of March and October (28 Mar, 31 Oct 2027).
// New York EST-5 / EDT-4: 14 Mar 2027 02:00 -> 03:00, 7 Nov 2027 02:00 -> 01:00, 12 Mar 2028 02:00 -> 03:00.
// Sydney AEST+10 / AEDT+11: 4 Apr 2027 03:00 -> 02:00, 3 Oct 2027 02:00 -> 03:00, 4 Oct 2026 02:00 -> 03:00.
// Lord Howe +10:30 / +11: 4 Apr 2027 02:00 -> 01:30, 3 Oct 2027 02:00 -> 02:30.
// Dublin GMT+0 / IST+1, changing at the same instants as London (tzdata writes its winter time as a negative DST).
// Apia -10 (daylight time) until the end of 29 Dec 2011 (30 Dec 10:00Z), then +14: 30 Dec 2011 never happened there.
public sealed class SessionScheduleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    // Mondays at 09:00 in London from Monday 4 January 2027 (GMT).
    private static readonly SessionPreferences London9am = new("Europe/London", DayOfWeek.Monday, new TimeOnly(9, 0), new DateOnly(2027, 1, 4));

    private static ProgramSchedule Compute(string zone, DayOfWeek weekday, int hour, int minute, DateOnly start) =>
        SessionSchedule.Compute(new SessionPreferences(zone, weekday, new TimeOnly(hour, minute), start));

    [Fact]
    public void Compute_SessionsAcrossLondonSpringForward_KeepTheLocalTime()
    {
        var schedule = Compute("Europe/London", DayOfWeek.Monday, 18, 30, new DateOnly(2027, 3, 15));

        Assert.Equal(new DateOnly(2027, 3, 15), schedule.Sessions[0].LocalDate);
        Assert.Equal(Utc(2027, 3, 15, 18, 30), schedule.Sessions[0].OpensAt);
        Assert.Equal(Utc(2027, 3, 22, 18, 30), schedule.Sessions[1].OpensAt);
        Assert.Equal(new DateOnly(2027, 3, 29), schedule.Sessions[2].LocalDate);
        Assert.Equal(Utc(2027, 3, 29, 17, 30), schedule.Sessions[2].OpensAt);
        AssertAllAtLocalTime(schedule, "Europe/London", new TimeOnly(18, 30));
    }

    [Fact]
    public void Compute_SessionsAcrossLondonFallBack_KeepTheLocalTime()
    {
        var schedule = Compute("Europe/London", DayOfWeek.Monday, 18, 30, new DateOnly(2027, 10, 18));

        Assert.Equal(Utc(2027, 10, 18, 17, 30), schedule.Sessions[0].OpensAt);
        Assert.Equal(Utc(2027, 10, 25, 17, 30), schedule.Sessions[1].OpensAt);
        Assert.Equal(new DateOnly(2027, 11, 1), schedule.Sessions[2].LocalDate);
        Assert.Equal(Utc(2027, 11, 1, 18, 30), schedule.Sessions[2].OpensAt);
        AssertAllAtLocalTime(schedule, "Europe/London", new TimeOnly(18, 30));
    }

    [Fact]
    public void Compute_OpensAt_IsAUtcInstant()
    {
        var schedule = Compute("Australia/Sydney", DayOfWeek.Tuesday, 9, 0, new DateOnly(2027, 1, 5));

        Assert.All(schedule.Sessions, s => Assert.Equal(TimeSpan.Zero, s.OpensAt.Offset));
        Assert.Equal(TimeSpan.Zero, schedule.ProgramEndsAt.Offset);
        Assert.Equal(TimeSpan.Zero, schedule.FollowUpOpensAt.Offset);
        Assert.Equal(TimeSpan.Zero, schedule.FollowUpClosesAt.Offset);
        Assert.Equal(Utc(2027, 1, 4, 22, 0), schedule.Sessions[0].OpensAt);
    }

    [Fact]
    public void ToInstant_NewYorkSpringForwardGap_MovesForwardByTheGap() =>
        Assert.Equal(Utc(2027, 3, 14, 7, 30), SessionSchedule.ToInstant(new DateOnly(2027, 3, 14), new TimeOnly(2, 30), Zone("America/New_York")));

    [Fact]
    public void ToInstant_NewYorkFallBackOverlap_TakesTheFirstOccurrence() =>
        Assert.Equal(Utc(2027, 11, 7, 5, 30), SessionSchedule.ToInstant(new DateOnly(2027, 11, 7), new TimeOnly(1, 30), Zone("America/New_York")));

    [Fact]
    public void Compute_NewYorkSessionsOnTheTransitionDays_ResolveGapAndOverlap()
    {
        var spring = Compute("America/New_York", DayOfWeek.Sunday, 2, 30, new DateOnly(2027, 3, 7));
        Assert.Equal(Utc(2027, 3, 7, 7, 30), spring.Sessions[0].OpensAt);
        Assert.Equal(Utc(2027, 3, 14, 7, 30), spring.Sessions[1].OpensAt);
        Assert.Equal(Utc(2027, 3, 21, 6, 30), spring.Sessions[2].OpensAt);

        var autumn = Compute("America/New_York", DayOfWeek.Sunday, 1, 30, new DateOnly(2027, 10, 31));
        Assert.Equal(Utc(2027, 10, 31, 5, 30), autumn.Sessions[0].OpensAt);
        Assert.Equal(Utc(2027, 11, 7, 5, 30), autumn.Sessions[1].OpensAt);
        Assert.Equal(Utc(2027, 11, 14, 6, 30), autumn.Sessions[2].OpensAt);
    }

    [Fact]
    public void Compute_SydneySessionsAcrossDaylightEndInApril_TakeTheFirstOccurrence()
    {
        var schedule = Compute("Australia/Sydney", DayOfWeek.Sunday, 2, 30, new DateOnly(2027, 3, 28));

        Assert.Equal(Utc(2027, 3, 27, 15, 30), schedule.Sessions[0].OpensAt);
        Assert.Equal(new DateOnly(2027, 4, 4), schedule.Sessions[1].LocalDate);
        Assert.Equal(Utc(2027, 4, 3, 15, 30), schedule.Sessions[1].OpensAt);
        Assert.Equal(Utc(2027, 4, 10, 16, 30), schedule.Sessions[2].OpensAt);
    }

    [Fact]
    public void Compute_SydneySessionsAcrossDaylightStartInOctober_SkipTheGap()
    {
        var schedule = Compute("Australia/Sydney", DayOfWeek.Sunday, 2, 30, new DateOnly(2027, 9, 26));

        Assert.Equal(Utc(2027, 9, 25, 16, 30), schedule.Sessions[0].OpensAt);
        Assert.Equal(new DateOnly(2027, 10, 3), schedule.Sessions[1].LocalDate);
        Assert.Equal(Utc(2027, 10, 2, 16, 30), schedule.Sessions[1].OpensAt);
        Assert.Equal(Utc(2027, 10, 9, 15, 30), schedule.Sessions[2].OpensAt);
    }

    [Fact]
    public void ToInstant_LordHoweHalfHourGap_MovesForwardThirtyMinutes() =>
        Assert.Equal(Utc(2027, 10, 2, 15, 45), SessionSchedule.ToInstant(new DateOnly(2027, 10, 3), new TimeOnly(2, 15), Zone("Australia/Lord_Howe")));

    [Fact]
    public void ToInstant_LordHoweHalfHourOverlap_TakesTheFirstOccurrence() =>
        Assert.Equal(Utc(2027, 4, 3, 14, 45), SessionSchedule.ToInstant(new DateOnly(2027, 4, 4), new TimeOnly(1, 45), Zone("Australia/Lord_Howe")));

    [Fact]
    public void FirstSessionDate_StartIsTheWeekday_IsTheSameDay() =>
        Assert.Equal(new DateOnly(2027, 1, 29), SessionSchedule.FirstSessionDate(new DateOnly(2027, 1, 29), DayOfWeek.Friday));

    [Theory]
    [InlineData(DayOfWeek.Saturday, 30)]
    [InlineData(DayOfWeek.Sunday, 31)]
    [InlineData(DayOfWeek.Monday, 1)]
    [InlineData(DayOfWeek.Thursday, 4)]
    public void FirstSessionDate_StartIsAnotherDay_IsTheNextOne(DayOfWeek weekday, int expectedDay)
    {
        // Friday 29 January 2027.
        var first = SessionSchedule.FirstSessionDate(new DateOnly(2027, 1, 29), weekday);

        Assert.Equal(expectedDay >= 29 ? new DateOnly(2027, 1, expectedDay) : new DateOnly(2027, 2, expectedDay), first);
        Assert.Equal(weekday, first.DayOfWeek);
    }

    [Fact]
    public void Compute_StartNearMonthEnd_GivesLocalDatesAcrossMonthEnds()
    {
        var schedule = Compute("Europe/London", DayOfWeek.Friday, 9, 0, new DateOnly(2027, 1, 29));

        DateOnly[] expected =
        [
            new(2027, 1, 29), new(2027, 2, 5), new(2027, 2, 12), new(2027, 2, 19), new(2027, 2, 26), new(2027, 3, 5),
            new(2027, 3, 12), new(2027, 3, 19), new(2027, 3, 26), new(2027, 4, 2), new(2027, 4, 9), new(2027, 4, 16),
        ];
        Assert.Equal(expected, schedule.Sessions.Select(s => s.LocalDate));
        Assert.Equal(Utc(2027, 3, 26, 9, 0), schedule.Sessions[8].OpensAt);
        Assert.Equal(Utc(2027, 4, 2, 8, 0), schedule.Sessions[9].OpensAt);
        Assert.Equal(new DateOnly(2027, 4, 23), schedule.ProgramEndLocalDate);
        Assert.Equal(new DateOnly(2027, 8, 23), schedule.FollowUpLocalDate);
    }

    [Fact]
    public void Compute_ProgramEndingOn31October2027_FollowsUpOnLeapDay()
    {
        // Sundays from 8 Aug 2027: week 12 is 24 Oct, so the program ends Sunday 31 Oct (still EDT in New York).
        var schedule = Compute("America/New_York", DayOfWeek.Sunday, 10, 0, new DateOnly(2027, 8, 3));

        Assert.Equal(new DateOnly(2027, 8, 8), schedule.Sessions[0].LocalDate);
        Assert.Equal(new DateOnly(2027, 10, 31), schedule.ProgramEndLocalDate);
        Assert.Equal(Utc(2027, 10, 31, 14, 0), schedule.ProgramEndsAt);
        Assert.Equal(new DateOnly(2028, 2, 29), schedule.FollowUpLocalDate);
        Assert.Equal(Utc(2028, 2, 29, 15, 0), schedule.FollowUpOpensAt);
        // 14 March 2028 is after New York's 12 March 2028 spring-forward.
        Assert.Equal(Utc(2028, 3, 14, 14, 0), schedule.FollowUpClosesAt);
    }

    [Fact]
    public void Compute_ProgramEndingOn30September2026_FollowsUpOn30January()
    {
        // Wednesdays from 8 Jul 2026: week 12 is 23 Sep; Sydney is on AEST then and on AEDT by January.
        var schedule = Compute("Australia/Sydney", DayOfWeek.Wednesday, 19, 0, new DateOnly(2026, 7, 8));

        Assert.Equal(new DateOnly(2026, 9, 30), schedule.ProgramEndLocalDate);
        Assert.Equal(Utc(2026, 9, 30, 9, 0), schedule.ProgramEndsAt);
        Assert.Equal(new DateOnly(2027, 1, 30), schedule.FollowUpLocalDate);
        Assert.Equal(Utc(2027, 1, 30, 8, 0), schedule.FollowUpOpensAt);
        Assert.Equal(Utc(2027, 2, 13, 8, 0), schedule.FollowUpClosesAt);
    }

    [Fact]
    public void Compute_ProgramEndingOn31October2026_FollowsUpOn28FebruaryInANonLeapYear()
    {
        // Saturdays from 8 Aug 2026: week 12 is 24 Oct, the end is Saturday 31 Oct (GMT since 25 Oct).
        var preferences = new SessionPreferences("Europe/London", DayOfWeek.Saturday, new TimeOnly(8, 15), new DateOnly(2026, 8, 8));
        var schedule = SessionSchedule.Compute(preferences, followUpWindowDays: 30);

        Assert.Equal(new DateOnly(2026, 10, 31), schedule.ProgramEndLocalDate);
        Assert.Equal(Utc(2026, 10, 31, 8, 15), schedule.ProgramEndsAt);
        Assert.Equal(new DateOnly(2027, 2, 28), schedule.FollowUpLocalDate);
        Assert.Equal(Utc(2027, 2, 28, 8, 15), schedule.FollowUpOpensAt);
        // 30 March 2027 is in BST.
        Assert.Equal(Utc(2027, 3, 30, 7, 15), schedule.FollowUpClosesAt);
    }

    [Fact]
    public void Compute_Defaults_GiveTwelveSessionsSevenLocalDaysApart()
    {
        var schedule = Compute("America/New_York", DayOfWeek.Thursday, 17, 0, new DateOnly(2027, 1, 1));

        Assert.Equal(12, schedule.Sessions.Count);
        Assert.Equal(Enumerable.Range(1, 12), schedule.Sessions.Select(s => s.Week));
        Assert.Equal(new DateOnly(2027, 1, 7), schedule.Sessions[0].LocalDate);
        Assert.All(schedule.Sessions, s => Assert.Equal(DayOfWeek.Thursday, s.LocalDate.DayOfWeek));
        for (var i = 1; i < schedule.Sessions.Count; i++)
        {
            Assert.Equal(7, schedule.Sessions[i].LocalDate.DayNumber - schedule.Sessions[i - 1].LocalDate.DayNumber);
        }

        Assert.Equal(new DateOnly(2027, 3, 25), schedule.Sessions[11].LocalDate);
        Assert.Equal(new DateOnly(2027, 4, 1), schedule.ProgramEndLocalDate);
        Assert.Equal(schedule.Sessions[11].LocalDate.AddDays(7), schedule.ProgramEndLocalDate);
        Assert.Equal(Utc(2027, 4, 1, 21, 0), schedule.ProgramEndsAt);
    }

    [Fact]
    public void Compute_UnknownZone_Throws()
    {
        var preferences = new SessionPreferences("Mars/Olympus", DayOfWeek.Monday, new TimeOnly(9, 0), new DateOnly(2027, 1, 4));

        var ex = Assert.Throws<ArgumentException>(() => SessionSchedule.Compute(preferences));
        Assert.Contains("Mars/Olympus", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Compute_NoWeeks_Throws(int weeks)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SessionSchedule.Compute(London9am, weeks: weeks));

        Assert.Equal("weeks", ex.ParamName);
        Assert.Contains("at least one week", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OneWeek_GivesOneSessionAndEndsAWeekLater()
    {
        var schedule = SessionSchedule.Compute(London9am, weeks: 1);

        var session = Assert.Single(schedule.Sessions);
        Assert.Equal(1, session.Week);
        Assert.Equal(new DateOnly(2027, 1, 4), session.LocalDate);
        Assert.Equal(Utc(2027, 1, 4, 9, 0), session.OpensAt);
        Assert.Equal(new DateOnly(2027, 1, 11), schedule.ProgramEndLocalDate);
        Assert.Equal(Utc(2027, 1, 11, 9, 0), schedule.ProgramEndsAt);
        Assert.Equal(new DateOnly(2027, 5, 11), schedule.FollowUpLocalDate);
        Assert.Equal(new TimeOnly(9, 0), schedule.LocalTime);
        Assert.Equal("Europe/London", schedule.Zone.Id);
    }

    [Fact]
    public void Compute_NoPreferences_Throws() =>
        Assert.Throws<ArgumentNullException>(() => SessionSchedule.Compute(null!));

    [Fact]
    public void Compute_NegativeFollowUpMonths_Throws() =>
        Assert.Equal("followUpMonths",
            Assert.Throws<ArgumentOutOfRangeException>(() => SessionSchedule.Compute(London9am, followUpMonths: -1)).ParamName);

    [Fact]
    public void Compute_NegativeFollowUpWindow_Throws() =>
        Assert.Equal("followUpWindowDays",
            Assert.Throws<ArgumentOutOfRangeException>(() => SessionSchedule.Compute(London9am, followUpWindowDays: -1)).ParamName);

    [Fact]
    public void Compute_NoFollowUpMonthsNorWindow_FollowUpOpensAndClosesAsTheProgramEnds()
    {
        var schedule = SessionSchedule.Compute(London9am, weeks: 2, followUpMonths: 0, followUpWindowDays: 0);

        Assert.Equal(new DateOnly(2027, 1, 18), schedule.ProgramEndLocalDate);
        Assert.Equal(schedule.ProgramEndLocalDate, schedule.FollowUpLocalDate);
        Assert.Equal(schedule.ProgramEndsAt, schedule.FollowUpOpensAt);
        Assert.Equal(schedule.ProgramEndsAt, schedule.FollowUpClosesAt);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(-1)]
    public void Compute_WeekdayOutOfRange_Throws(int weekday)
    {
        var preferences = London9am with { Weekday = (DayOfWeek)weekday };

        var ex = Assert.Throws<ArgumentException>(() => SessionSchedule.Compute(preferences));

        Assert.Equal("preferences", ex.ParamName);
        Assert.Contains($"'{weekday}' is not a day of the week", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FollowUp_OpensTheMonthsAfterTheProgramEndAtTheSessionTime_AndClosesTheWindowLater()
    {
        // Last session Monday 22 March 2027 (GMT); the program ends 29 March, the follow-up opens 29 July (BST).
        var (date, opens, closes) = SessionSchedule.FollowUp(new DateOnly(2027, 3, 22), new TimeOnly(18, 30), Zone("Europe/London"), 4, 14);

        Assert.Equal(new DateOnly(2027, 7, 29), date);
        Assert.Equal(Utc(2027, 7, 29, 17, 30), opens);
        Assert.Equal(Utc(2027, 8, 12, 17, 30), closes);
    }

    [Fact]
    public void ToInstant_NoZone_Throws() =>
        Assert.Throws<ArgumentNullException>(() => SessionSchedule.ToInstant(new DateOnly(2027, 1, 4), new TimeOnly(9, 0), null!));

    [Fact]
    public void ToInstant_LondonSpringForwardGap_MovesForwardByTheGap() =>
        Assert.Equal(Utc(2027, 3, 28, 1, 30), SessionSchedule.ToInstant(new DateOnly(2027, 3, 28), new TimeOnly(1, 30), Zone("Europe/London")));

    [Fact]
    public void ToInstant_LondonFallBackOverlap_TakesTheFirstOccurrence() =>
        Assert.Equal(Utc(2027, 10, 31, 0, 30), SessionSchedule.ToInstant(new DateOnly(2027, 10, 31), new TimeOnly(1, 30), Zone("Europe/London")));

    [Theory]
    [InlineData(1, 11, 18, 30, 18, 30)]   // GMT
    [InlineData(7, 5, 18, 30, 17, 30)]    // IST
    [InlineData(3, 28, 0, 59, 0, 59)]     // the last minute of GMT before the gap
    [InlineData(3, 28, 1, 30, 1, 30)]     // in the gap: an hour later, 02:30 IST
    [InlineData(3, 28, 2, 0, 1, 0)]       // the first minute of IST
    [InlineData(10, 31, 1, 30, 0, 30)]    // twice: first in IST
    [InlineData(10, 31, 2, 0, 2, 0)]      // GMT again
    public void ToInstant_Dublin_HasTheSameInstantsAsLondon(int month, int day, int hour, int minute, int utcHour, int utcMinute)
    {
        var date = new DateOnly(2027, month, day);
        var time = new TimeOnly(hour, minute);

        Assert.Equal(Utc(2027, month, day, utcHour, utcMinute), SessionSchedule.ToInstant(date, time, Zone("Europe/Dublin")));
        Assert.Equal(SessionSchedule.ToInstant(date, time, Zone("Europe/London")), SessionSchedule.ToInstant(date, time, Zone("Europe/Dublin")));
    }

    [Fact]
    public void Compute_DublinSessionsAcrossTheSpringForward_KeepTheLocalTime()
    {
        var schedule = Compute("Europe/Dublin", DayOfWeek.Monday, 18, 30, new DateOnly(2027, 3, 15));

        Assert.Equal(Utc(2027, 3, 22, 18, 30), schedule.Sessions[1].OpensAt);
        Assert.Equal(Utc(2027, 3, 29, 17, 30), schedule.Sessions[2].OpensAt);
        AssertAllAtLocalTime(schedule, "Europe/Dublin", new TimeOnly(18, 30));
    }

    [Theory]
    [InlineData(0, 0, 30, 10, 0)]
    [InlineData(12, 0, 30, 22, 0)]
    [InlineData(23, 30, 31, 9, 30)]
    public void ToInstant_ApiaSkippedDay_MovesForwardByTheWholeDay(int hour, int minute, int utcDay, int utcHour, int utcMinute)
    {
        var apia = Zone("Pacific/Apia");

        var instant = SessionSchedule.ToInstant(new DateOnly(2011, 12, 30), new TimeOnly(hour, minute), apia);

        Assert.Equal(Utc(2011, 12, utcDay, utcHour, utcMinute), instant);
        Assert.Equal(new DateTime(2011, 12, 31, hour, minute, 0), TimeZoneInfo.ConvertTime(instant, apia).DateTime);
    }

    [Fact]
    public void ToInstant_ApiaDaysAroundTheSkippedDay_AreTheirOwnInstants()
    {
        var apia = Zone("Pacific/Apia");

        Assert.Equal(Utc(2011, 12, 29, 22, 0), SessionSchedule.ToInstant(new DateOnly(2011, 12, 29), new TimeOnly(12, 0), apia));
        Assert.Equal(Utc(2011, 12, 30, 9, 0), SessionSchedule.ToInstant(new DateOnly(2011, 12, 29), new TimeOnly(23, 0), apia));
        Assert.Equal(Utc(2011, 12, 30, 10, 0), SessionSchedule.ToInstant(new DateOnly(2011, 12, 31), new TimeOnly(0, 0), apia));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("../../etc/passwd")]
    public void TryFindZone_UnknownOrEmptyId_IsFalse(string? id) =>
        Assert.False(SessionSchedule.TryFindZone(id, out _));

    [Fact]
    public void TryFindZone_IanaId_FindsTheZone()
    {
        Assert.True(SessionSchedule.TryFindZone("Australia/Lord_Howe", out var zone));
        Assert.Equal(new TimeSpan(10, 30, 0), zone.BaseUtcOffset);
    }

    private static void AssertAllAtLocalTime(ProgramSchedule schedule, string zoneId, TimeOnly expected)
    {
        var zone = Zone(zoneId);
        Assert.All(schedule.Sessions, s =>
        {
            var local = TimeZoneInfo.ConvertTime(s.OpensAt, zone);
            Assert.Equal(s.LocalDate, DateOnly.FromDateTime(local.DateTime));
            Assert.Equal(expected, TimeOnly.FromDateTime(local.DateTime));
        });
    }
}
