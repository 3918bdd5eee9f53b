namespace CbtProgram.Web.Domain.Scheduling;

/// <summary>What a due event should still do when it runs, however late: tell the patient, or be dropped with a reason.</summary>
public sealed record LateEventDecision(bool Notice, bool Email, string? DropReason)
{
    public static readonly LateEventDecision NoticeAndEmail = new(true, true, null);
    public static readonly LateEventDecision NoticeOnly = new(true, false, null);
    public static readonly LateEventDecision Silent = new(false, false, null);

    public static LateEventDecision Drop(string reason) => new(false, false, reason);

    public bool Dropped => DropReason is not null;
}

/// <summary>
/// The facts about the patient's program that decide what a late event may still do, read in the same transaction
/// as the event. Instants are UTC; a null means "not part of this schedule".
/// </summary>
public sealed record LateEventFacts
{
    /// <summary>When this event's session (for a week's opening, reminder or nudge) opens.</summary>
    public DateTimeOffset? SessionOpensAt { get; init; }

    /// <summary>When the week after this event's week opens; for the last week, when the program ends.</summary>
    public DateTimeOffset? WeekEndsAt { get; init; }

    public bool ModuleCompleted { get; init; }

    public DateTimeOffset? FollowUpClosesAt { get; init; }

    public bool FollowUpAnswered { get; init; }

    /// <summary>For a mid or post window's event: when that window closes.</summary>
    public DateTimeOffset? WindowClosesAt { get; init; }

    /// <summary>For a mid or post window's event: every questionnaire of the point is answered.</summary>
    public bool WindowAnswered { get; init; }
}

/// <summary>
/// The misfire rule of each kind of event, in the spirit of Quartz's misfire instructions: an event that runs late
/// (after an outage, a deferral or a restored cancellation) re-checks what is true now before it tells anyone.
/// <list type="bullet">
/// <item>A week's opening always opens the module; it leaves an in-app notice while the module is not completed, and
/// emails only while the week is still the current one.</item>
/// <item>A session reminder is dropped once its session has opened.</item>
/// <item>A nudge is dropped once the module is completed or the next week has opened.</item>
/// <item>The follow-up's opening and reminders tell the patient while the follow-up is open and unanswered; so do the
/// mid and post windows' openings and reminders while their window is open and unanswered.</item>
/// </list>
/// </summary>
public static class LateEvents
{
    public static LateEventDecision Decide(ScheduledEventKind kind, DateTimeOffset now, LateEventFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return kind switch
        {
            ScheduledEventKind.SessionOpens => facts.ModuleCompleted ? LateEventDecision.Silent
                : StillCurrent(now, facts.WeekEndsAt) ? LateEventDecision.NoticeAndEmail
                : LateEventDecision.NoticeOnly,
            ScheduledEventKind.SessionReminder => facts.SessionOpensAt is { } opens && opens <= now
                ? LateEventDecision.Drop("its session has already opened")
                : LateEventDecision.NoticeAndEmail,
            ScheduledEventKind.ModuleNudge => facts.ModuleCompleted ? LateEventDecision.Drop("module already completed")
                : !StillCurrent(now, facts.WeekEndsAt) ? LateEventDecision.Drop("the next week has opened")
                : LateEventDecision.NoticeAndEmail,
            ScheduledEventKind.FollowUpOpens or ScheduledEventKind.FollowUpReminder =>
                facts.FollowUpAnswered ? LateEventDecision.Drop("follow-up already answered")
                : !StillCurrent(now, facts.FollowUpClosesAt) ? LateEventDecision.Drop("the follow-up has closed")
                : LateEventDecision.NoticeAndEmail,
            ScheduledEventKind.MidOpens or ScheduledEventKind.MidReminder or ScheduledEventKind.PostOpens or ScheduledEventKind.PostReminder =>
                facts.WindowAnswered ? LateEventDecision.Drop("questionnaires already answered")
                : !StillCurrent(now, facts.WindowClosesAt) ? LateEventDecision.Drop("the questionnaires have closed")
                : LateEventDecision.NoticeAndEmail,
            _ => LateEventDecision.Silent,
        };
    }

    private static bool StillCurrent(DateTimeOffset now, DateTimeOffset? endsAt) => endsAt is not { } end || now < end;
}
