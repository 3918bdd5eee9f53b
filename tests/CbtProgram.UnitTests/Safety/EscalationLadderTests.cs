using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Safety;

namespace CbtProgram.UnitTests.Safety;

/// <summary>When each step of the ladder falls due, in working time: weekends and holidays do not count.</summary>
public sealed class EscalationLadderTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    // Monday 3 May 2027 is the Early May bank holiday.
    private static readonly WorkingHours Clinic = new(London, new TimeOnly(9, 0), new TimeOnly(17, 0), new HashSet<DateOnly> { new(2027, 5, 3) });
    private static readonly EscalationSettings Ladder = new(TimeSpan.FromHours(4), TimeSpan.FromHours(8), UnresolvedAfterWorkingDays: 2);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) =>
        Web.Domain.Scheduling.SessionSchedule.ToInstant(new DateOnly(2027, month, day), new TimeOnly(hour, minute), London);

    // Raised on Friday 30 April at 15:00: two working hours that day, none over the weekend or the holiday Monday.
    private static RiskAlert Raised() =>
        new(Guid.NewGuid(), "therapist", new AlertSource("phq-9", "weekly", 3, [0, 0, 0, 0, 0, 0, 0, 0, 2]), null, "item 9", At(4, 30, 15));

    [Fact]
    public void NothingIsDue_BeforeFourWorkingHours() =>
        Assert.Empty(EscalationLadder.Due(Raised(), Ladder, Clinic, At(5, 4, 10, 59)));

    [Fact]
    public void TheLeads_AfterFourWorkingHours_OnTuesdayAt11() =>
        Assert.Equal([EscalationStep.ClinicalLeads], EscalationLadder.Due(Raised(), Ladder, Clinic, At(5, 4, 11)));

    [Fact]
    public void TheAdmins_AfterEight_OnTuesdayAt15_AndTheLeadsStepIsNotRepeated()
    {
        var alert = Raised();
        alert.Escalate(EscalationStep.ClinicalLeads, At(5, 4, 11));

        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(5, 4, 14, 59)));
        Assert.Equal([EscalationStep.Admins], EscalationLadder.Due(alert, Ladder, Clinic, At(5, 4, 15)));
    }

    [Fact]
    public void TheAdmins_AtOnce_WhenTheLeadsStepReachedNobody()
    {
        var alert = Raised();
        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(5, 4, 10), leadsUnheard: true)); // no leads step yet: nothing early
        alert.Escalate(EscalationStep.ClinicalLeads, At(5, 4, 11));

        Assert.Equal([EscalationStep.Admins], EscalationLadder.Due(alert, Ladder, Clinic, At(5, 4, 11, 1), leadsUnheard: true));
        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(5, 4, 11, 1), leadsUnheard: false));
        alert.Acknowledge("lead", At(5, 4, 11, 30));
        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(5, 4, 11, 31), leadsUnheard: true)); // someone has it now
    }

    [Fact]
    public void BothUnacknowledgedSteps_WhenTheJobWasDownForBoth() =>
        Assert.Equal([EscalationStep.ClinicalLeads, EscalationStep.Admins], EscalationLadder.Due(Raised(), Ladder, Clinic, At(5, 5, 9)));

    [Fact]
    public void AnAcknowledgedAlert_DoesNotClimb_ButComesBackWhenUnresolvedForTwoWorkingDays()
    {
        var alert = Raised();
        alert.Acknowledge("therapist", At(5, 4, 16)); // Tuesday 16:00: 1 h that day, 8 h Wednesday, 7 h Thursday

        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(5, 6, 15, 59)));
        Assert.Equal([EscalationStep.UnresolvedReminder], EscalationLadder.Due(alert, Ladder, Clinic, At(5, 6, 16)));
        alert.Escalate(EscalationStep.UnresolvedReminder, At(5, 6, 16));
        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(5, 20, 16)));
    }

    [Fact]
    public void AResolvedAlert_NeverClimbs()
    {
        var alert = Raised();
        alert.Resolve("therapist", "Called; safety plan in place.", At(5, 4, 10));

        Assert.Empty(EscalationLadder.Due(alert, Ladder, Clinic, At(6, 1, 12)));
    }

    [Fact]
    public void EachStep_IsTakenOnce()
    {
        var alert = Raised();

        Assert.True(alert.Escalate(EscalationStep.Admins, At(5, 4, 15)));
        Assert.False(alert.Escalate(EscalationStep.Admins, At(5, 4, 16)));
        Assert.Equal(At(5, 4, 15), alert.EscalatedToAdminsAt);
    }

    [Fact]
    public void TheShortestWait_IsTheLeadsStep() => Assert.Equal(TimeSpan.FromHours(4), EscalationLadder.Shortest(Ladder));

    [Fact]
    public void TheShortestWait_IsWhicheverStepComesFirst() =>
        Assert.Equal(TimeSpan.FromHours(2), EscalationLadder.Shortest(new EscalationSettings(TimeSpan.FromHours(6), TimeSpan.FromHours(2), 1)));

    [Fact]
    public void MissingArguments_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => EscalationLadder.Due(null!, Ladder, Clinic, At(5, 4, 11)));
        Assert.Throws<ArgumentNullException>(() => EscalationLadder.Due(Raised(), null!, Clinic, At(5, 4, 11)));
        Assert.Throws<ArgumentNullException>(() => EscalationLadder.Due(Raised(), Ladder, null!, At(5, 4, 11)));
    }
}
