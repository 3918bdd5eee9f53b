using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

// Each band is tested at its edge: at the instant it ends, and one tick either side.
public sealed class LateEventsTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 29, 17, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset JustBefore = Now.AddTicks(-1);
    private static readonly DateTimeOffset JustAfter = Now.AddTicks(1);

    // Spelt out rather than taken from LateEventDecision's own fields, so that those are checked too.
    private static readonly LateEventDecision NoticeAndEmail = new(Notice: true, Email: true, DropReason: null);
    private static readonly LateEventDecision NoticeOnly = new(Notice: true, Email: false, DropReason: null);
    private static readonly LateEventDecision Silent = new(Notice: false, Email: false, DropReason: null);

    private static LateEventDecision Dropped(string reason) => new(Notice: false, Email: false, DropReason: reason);

    private static LateEventDecision Decide(ScheduledEventKind kind, LateEventFacts facts) => LateEvents.Decide(kind, Now, facts);

    [Fact]
    public void Decisions_NamedOnes_TellThePatientAsTheirNamesSay()
    {
        Assert.Equal(NoticeAndEmail, LateEventDecision.NoticeAndEmail);
        Assert.Equal(NoticeOnly, LateEventDecision.NoticeOnly);
        Assert.Equal(Silent, LateEventDecision.Silent);
        Assert.False(LateEventDecision.NoticeAndEmail.Dropped);
        Assert.False(LateEventDecision.NoticeOnly.Dropped);
        Assert.False(LateEventDecision.Silent.Dropped);
    }

    [Fact]
    public void Drop_TellsNobodyAndKeepsTheReason()
    {
        var drop = LateEventDecision.Drop("why");

        Assert.Equal(Dropped("why"), drop);
        Assert.True(drop.Dropped);
    }

    [Fact]
    public void Decide_NoFacts_Throws() =>
        Assert.Throws<ArgumentNullException>(() => LateEvents.Decide(ScheduledEventKind.SessionOpens, Now, null!));

    [Fact]
    public void SessionOpens_WhileItsWeekIsCurrent_GivesNoticeAndEmail() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.SessionOpens, new() { WeekEndsAt = JustAfter }));

    [Fact]
    public void SessionOpens_AtTheInstantTheNextWeekOpens_GivesANoticeButNoEmail() =>
        Assert.Equal(NoticeOnly, Decide(ScheduledEventKind.SessionOpens, new() { WeekEndsAt = Now }));

    [Fact]
    public void SessionOpens_AfterItsWeekEnded_GivesANoticeButNoEmail() =>
        Assert.Equal(NoticeOnly, Decide(ScheduledEventKind.SessionOpens, new() { WeekEndsAt = JustBefore }));

    [Fact]
    public void SessionOpens_NoWeekEnd_GivesNoticeAndEmail() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.SessionOpens, new() { WeekEndsAt = null }));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SessionOpens_ModuleAlreadyCompleted_OpensSilentlyAndIsNotDropped(bool weekCurrent) =>
        Assert.Equal(Silent, Decide(ScheduledEventKind.SessionOpens,
            new() { ModuleCompleted = true, WeekEndsAt = weekCurrent ? JustAfter : JustBefore }));

    [Fact]
    public void SessionReminder_BeforeItsSessionOpens_GivesNoticeAndEmail() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.SessionReminder, new() { SessionOpensAt = JustAfter }));

    [Fact]
    public void SessionReminder_AtTheInstantItsSessionOpens_IsDropped() =>
        Assert.Equal(Dropped("its session has already opened"), Decide(ScheduledEventKind.SessionReminder, new() { SessionOpensAt = Now }));

    [Fact]
    public void SessionReminder_AfterItsSessionOpened_IsDropped() =>
        Assert.Equal(Dropped("its session has already opened"), Decide(ScheduledEventKind.SessionReminder, new() { SessionOpensAt = JustBefore }));

    [Fact]
    public void SessionReminder_NoSessionOpening_GivesNoticeAndEmail() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.SessionReminder, new() { SessionOpensAt = null }));

    [Fact]
    public void SessionReminder_DependsOnlyOnItsSessionOpening() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.SessionReminder,
            new() { SessionOpensAt = JustAfter, ModuleCompleted = true, WeekEndsAt = JustBefore, FollowUpAnswered = true, FollowUpClosesAt = JustBefore }));

    [Fact]
    public void ModuleNudge_ModuleNotCompletedInTheCurrentWeek_GivesNoticeAndEmail() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.ModuleNudge, new() { WeekEndsAt = JustAfter }));

    [Fact]
    public void ModuleNudge_ModuleCompleted_IsDropped() =>
        Assert.Equal(Dropped("module already completed"), Decide(ScheduledEventKind.ModuleNudge, new() { ModuleCompleted = true, WeekEndsAt = JustAfter }));

    [Fact]
    public void ModuleNudge_AtTheInstantTheNextWeekOpens_IsDropped() =>
        Assert.Equal(Dropped("the next week has opened"), Decide(ScheduledEventKind.ModuleNudge, new() { WeekEndsAt = Now }));

    [Fact]
    public void ModuleNudge_AfterTheNextWeekOpened_IsDropped() =>
        Assert.Equal(Dropped("the next week has opened"), Decide(ScheduledEventKind.ModuleNudge, new() { WeekEndsAt = JustBefore }));

    [Fact]
    public void ModuleNudge_CompletedAndNextWeekOpened_GivesTheCompletionAsTheReason() =>
        Assert.Equal(Dropped("module already completed"), Decide(ScheduledEventKind.ModuleNudge, new() { ModuleCompleted = true, WeekEndsAt = JustBefore }));

    [Fact]
    public void ModuleNudge_NoWeekEnd_GivesNoticeAndEmail() =>
        Assert.Equal(NoticeAndEmail, Decide(ScheduledEventKind.ModuleNudge, new() { WeekEndsAt = null }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_OpenAndUnanswered_GivesNoticeAndEmail(ScheduledEventKind kind) =>
        Assert.Equal(NoticeAndEmail, Decide(kind, new() { FollowUpClosesAt = JustAfter }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_Answered_IsDropped(ScheduledEventKind kind) =>
        Assert.Equal(Dropped("follow-up already answered"), Decide(kind, new() { FollowUpAnswered = true, FollowUpClosesAt = JustAfter }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_AtTheInstantItCloses_IsDropped(ScheduledEventKind kind) =>
        Assert.Equal(Dropped("the follow-up has closed"), Decide(kind, new() { FollowUpClosesAt = Now }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_AfterItClosed_IsDropped(ScheduledEventKind kind) =>
        Assert.Equal(Dropped("the follow-up has closed"), Decide(kind, new() { FollowUpClosesAt = JustBefore }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_AnsweredAndClosed_GivesTheAnswerAsTheReason(ScheduledEventKind kind) =>
        Assert.Equal(Dropped("follow-up already answered"), Decide(kind, new() { FollowUpAnswered = true, FollowUpClosesAt = JustBefore }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_NoClosingTime_GivesNoticeAndEmail(ScheduledEventKind kind) =>
        Assert.Equal(NoticeAndEmail, Decide(kind, new() { FollowUpClosesAt = null }));

    [Theory]
    [InlineData(ScheduledEventKind.FollowUpOpens)]
    [InlineData(ScheduledEventKind.FollowUpReminder)]
    public void FollowUp_IgnoresTheWeeklyFacts(ScheduledEventKind kind) =>
        Assert.Equal(NoticeAndEmail, Decide(kind, new() { FollowUpClosesAt = JustAfter, ModuleCompleted = true, WeekEndsAt = JustBefore, SessionOpensAt = JustBefore }));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void FollowUpCloses_IsSilent(bool answered, bool closed) =>
        Assert.Equal(Silent, Decide(ScheduledEventKind.FollowUpCloses,
            new() { FollowUpAnswered = answered, FollowUpClosesAt = closed ? JustBefore : JustAfter }));

    [Fact]
    public void UnknownKind_IsSilent() =>
        Assert.Equal(Silent, Decide((ScheduledEventKind)99, new() { WeekEndsAt = JustAfter }));
}
