using CbtProgram.Web.Care;
using CbtProgram.Web.CaseloadSummary;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;

namespace CbtProgram.UnitTests.CaseloadSummary;

/// <summary>What moves with the clock is worked out from the stored facts at read time, with no write in between.</summary>
public sealed class CaseloadRowsTests
{
    private static readonly DateTimeOffset Week1 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static PatientSummary Summary() => new()
    {
        PatientId = Guid.NewGuid(),
        EnrolmentId = Guid.NewGuid(),
        EnrolmentStatus = (int)EnrolmentStatus.Active,
        TimeZoneId = "Europe/London",
        Sessions = SummaryWeeks.Pack(Enumerable.Range(1, 12).Select(week => new SummaryWeek(week, Week1.AddDays(7 * (week - 1))))),
        FollowUpOpensAt = Week1.AddDays(7 * 12 + 120),
        FollowUpClosesAt = Week1.AddDays(7 * 12 + 134),
        CompletedModules = SummaryWeeks.Pack([new SummaryWeek(1, Week1.AddDays(1))]),
        LastDiaryAt = Week1,
        DiaryFrom = DateOnly.FromDateTime(Week1.UtcDateTime).AddDays(-34),
        DiaryDays = SummaryDiaryDays.Pack(DateOnly.FromDateTime(Week1.UtcDateTime).AddDays(-34),
            [new SummaryDiaryDay(DateOnly.FromDateTime(Week1.UtcDateTime), Headache: true, Medicine: false, AcuteMedicineKinds.None)]),
    };

    private static CaseloadRow At(PatientSummary summary, DateTimeOffset now) => CaseloadRows.From(summary, "P", 12, 5, 2, now);

    [Fact]
    public void TheWeekAndStage_MoveOnWithTheClock()
    {
        var summary = Summary();

        Assert.Equal(CaseStage.Baseline, At(summary, Week1.AddMinutes(-1)).Stage);
        Assert.Equal("Week 1 of 12", At(summary, Week1).StageText);
        Assert.Equal("Week 4 of 12", At(summary, Week1.AddDays(21)).StageText);
        Assert.Equal(CaseStage.Finished, At(summary, Week1.AddDays(7 * 12)).Stage);
        Assert.Equal(CaseStage.FollowUpDue, At(summary, Week1.AddDays(7 * 12 + 121)).Stage);
        Assert.Equal(CaseStage.FollowUpMissed, At(summary, Week1.AddDays(7 * 12 + 135)).Stage);
    }

    [Fact]
    public void MissedSessions_CountTheWeeksNotCompleted_AsTheyEnd()
    {
        var summary = Summary();

        var week4 = At(summary, Week1.AddDays(21));

        Assert.Equal(2, week4.MissedInARow); // weeks 2 and 3 not completed
        Assert.Contains(CaseFlagKind.MissedSessions, week4.Flags);
        Assert.Equal(1, week4.CompletedOnTime);
        Assert.Equal(3, week4.SessionsEnded);
    }

    [Theory]
    [InlineData(1, 1)] // the day after its session opened
    [InlineData(7, 1)] // the moment the next session opened: still on time
    [InlineData(8, 0)] // a day after that: completed, but late
    public void AModuleCountsAsCompletedOnTime_OnlyIfCompletedByTheTimeTheNextSessionOpens(int daysAfterOpening, int onTime)
    {
        var summary = Summary();
        summary.CompletedModules = SummaryWeeks.Pack([new SummaryWeek(1, Week1.AddDays(daysAfterOpening))]);

        var week4 = At(summary, Week1.AddDays(21));

        Assert.Equal(onTime, week4.CompletedOnTime);
        Assert.Equal(3, week4.SessionsEnded);
    }

    [Theory]
    [InlineData(new[] { false, true }, true)]
    [InlineData(new[] { true, false }, true)]
    [InlineData(new[] { true, true }, false)]
    public void AnOpenAlertNotYetAcknowledged_MarksTheRow(bool[] acknowledged, bool unacknowledged)
    {
        var summary = Summary();
        summary.OpenAlerts = SummaryAlerts.Pack([new SummaryAlert(Guid.NewGuid(), Week1, acknowledged[0]), new SummaryAlert(Guid.NewGuid(), Week1.AddDays(1), acknowledged[1])]);

        var row = At(summary, Week1.AddDays(2));

        Assert.Equal(unacknowledged, row.UnacknowledgedAlert);
        Assert.Contains(CaseFlagKind.RiskAlert, row.Flags);
    }

    [Fact]
    public void TheDiaryWindow_EndsOnThePatientsToday_SoOldDaysDropOut()
    {
        var summary = Summary();

        Assert.Equal(1, At(summary, Week1.AddDays(27)).Medication!.RecordedDays);
        Assert.Equal(0, At(summary, Week1.AddDays(28)).Medication!.RecordedDays);
    }

    [Fact]
    public void AStoredDiaryRecord_CoversTheWindow_OnlyFromItsFirstDay()
    {
        var summary = Summary();
        var first = summary.DiaryFrom!.Value;

        Assert.True(CaseloadRows.CoversWindow(summary, first.AddDays(27)));
        Assert.False(CaseloadRows.CoversWindow(summary, first.AddDays(26))); // the clock went back: the row is refreshed first
    }
}
