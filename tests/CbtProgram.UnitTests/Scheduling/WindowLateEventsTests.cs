using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.UnitTests.Scheduling;

/// <summary>A mid or post window's opening or reminder that runs late tells the patient only while the window is open and unanswered.</summary>
public sealed class WindowLateEventsTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 25, 17, 30, 0, TimeSpan.Zero);

    public static TheoryData<ScheduledEventKind> Kinds => new()
    {
        ScheduledEventKind.MidOpens, ScheduledEventKind.MidReminder, ScheduledEventKind.PostOpens, ScheduledEventKind.PostReminder,
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void WhileOpenAndUnanswered_TellsThePatient(ScheduledEventKind kind) =>
        Assert.Equal(LateEventDecision.NoticeAndEmail, LateEvents.Decide(kind, Now, new LateEventFacts { WindowClosesAt = Now.AddTicks(1) }));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AtTheClose_IsDropped(ScheduledEventKind kind) =>
        Assert.Equal("the questionnaires have closed", LateEvents.Decide(kind, Now, new LateEventFacts { WindowClosesAt = Now }).DropReason);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void OnceAnswered_IsDropped(ScheduledEventKind kind) =>
        Assert.Equal("questionnaires already answered",
            LateEvents.Decide(kind, Now, new LateEventFacts { WindowClosesAt = Now.AddDays(1), WindowAnswered = true }).DropReason);

    [Fact]
    public void EachNewKind_HasAReadableName()
    {
        Assert.Equal("End-of-program questionnaires open", ScheduledEventKinds.Describe(ScheduledEventKind.PostOpens));
        Assert.Equal("Mid-program questionnaires close", ScheduledEventKinds.Describe(ScheduledEventKind.MidCloses));
        Assert.All(Enum.GetValues<ScheduledEventKind>(), k => Assert.NotEqual(k.ToString(), ScheduledEventKinds.Describe(k)));
    }
}
