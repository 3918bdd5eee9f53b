namespace CbtProgram.Web.Domain.Scheduling;

/// <summary>
/// A questionnaire window inside the program (mid, post), as program.yaml sets it: anchored to a week's session,
/// opening when that session opens (<paramref name="AtWeekEnd"/> false: mid in week 6) or when the week has run its
/// 7 days, the moment the next week would open (true: post after week 12); open <paramref name="WindowDays"/> days,
/// with reminders the given days after it opens.
/// </summary>
public sealed record AssessmentWindowRule(string Point, int Week, bool AtWeekEnd, int WindowDays, IReadOnlyList<int> RemindersAfterDays);

/// <summary>The three kinds of event one window's point uses.</summary>
public sealed record WindowKinds(string Point, ScheduledEventKind Opens, ScheduledEventKind Reminder, ScheduledEventKind Closes)
{
    public bool Contains(ScheduledEventKind kind) => kind == Opens || kind == Reminder || kind == Closes;
}

/// <summary>
/// Where a mid or post window's events fall. All arithmetic is in calendar days on the patient's wall clock (from the
/// anchor session's local moment), so the window opens and closes at the session's local time across clock changes;
/// the events keep those local moments, so breaks, moved sessions and zone changes move them as they move every other.
/// </summary>
public static class AssessmentWindows
{
    private const int DaysPerWeek = 7;

    public static readonly WindowKinds Mid = new(Measures.AssessmentPoints.Mid, ScheduledEventKind.MidOpens, ScheduledEventKind.MidReminder, ScheduledEventKind.MidCloses);
    public static readonly WindowKinds Post = new(Measures.AssessmentPoints.Post, ScheduledEventKind.PostOpens, ScheduledEventKind.PostReminder, ScheduledEventKind.PostCloses);

    /// <summary>The windowed points and their kinds (the follow-up has its own, older kinds).</summary>
    public static readonly IReadOnlyList<WindowKinds> All = [Mid, Post];

    public static WindowKinds? KindsOf(string point) => All.FirstOrDefault(k => k.Point == point);

    public static WindowKinds? KindsOf(ScheduledEventKind kind) => All.FirstOrDefault(k => k.Contains(kind));

    /// <summary>When the window opens, from the local moment its anchor week's session opens.</summary>
    public static LocalMoment Opens(AssessmentWindowRule rule, LocalMoment anchorSessionOpens) =>
        rule.AtWeekEnd ? anchorSessionOpens.AddDays(DaysPerWeek) : anchorSessionOpens;

    /// <summary>The window's events in order: opens, each reminder (sequence 1, 2, ...), closes.</summary>
    public static IEnumerable<(ScheduledEventKind Kind, int Sequence, LocalMoment At)> Events(AssessmentWindowRule rule, LocalMoment anchorSessionOpens)
    {
        var kinds = KindsOf(rule.Point) ?? throw new ArgumentException($"'{rule.Point}' has no window events.", nameof(rule));
        var opens = Opens(rule, anchorSessionOpens);
        yield return (kinds.Opens, 0, opens);
        var sequence = 0;
        foreach (var days in rule.RemindersAfterDays.Where(d => d > 0 && d < rule.WindowDays).Order())
            yield return (kinds.Reminder, ++sequence, opens.AddDays(days));
        yield return (kinds.Closes, 0, opens.AddDays(rule.WindowDays));
    }

    /// <summary>Where an existing window event belongs once its anchor session moves to <paramref name="anchorSessionOpens"/>.</summary>
    public static LocalMoment? MovedTo(AssessmentWindowRule rule, LocalMoment anchorSessionOpens, ScheduledEventKind kind, int sequence) =>
        Events(rule, anchorSessionOpens).Where(e => e.Kind == kind && e.Sequence == sequence).Select(e => (LocalMoment?)e.At).FirstOrDefault();
}
