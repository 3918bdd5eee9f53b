namespace CbtProgram.Web.Domain.Scheduling;

public enum ScheduledEventKind
{
    SessionOpens = 0,
    FollowUpOpens = 1,
    SessionReminder = 2,
    ModuleNudge = 3,
    FollowUpReminder = 4,
    FollowUpCloses = 5,
    MidOpens = 6,
    MidReminder = 7,
    MidCloses = 8,
    PostOpens = 9,
    PostReminder = 10,
    PostCloses = 11,
}

/// <summary>Event kinds as staff read them on the admin pages.</summary>
public static class ScheduledEventKinds
{
    public static string Describe(ScheduledEventKind kind, int? week = null) => kind switch
    {
        ScheduledEventKind.SessionOpens => "Session opens",
        ScheduledEventKind.FollowUpOpens => "Follow-up opens",
        ScheduledEventKind.SessionReminder => "Session reminder",
        ScheduledEventKind.ModuleNudge => "Module nudge",
        ScheduledEventKind.FollowUpReminder => "Follow-up reminder",
        ScheduledEventKind.FollowUpCloses => "Follow-up closes",
        ScheduledEventKind.MidOpens => "Mid-program questionnaires open",
        ScheduledEventKind.MidReminder => "Mid-program questionnaires reminder",
        ScheduledEventKind.MidCloses => "Mid-program questionnaires close",
        ScheduledEventKind.PostOpens => "End-of-program questionnaires open",
        ScheduledEventKind.PostReminder => "End-of-program questionnaires reminder",
        ScheduledEventKind.PostCloses => "End-of-program questionnaires close",
        _ => kind.ToString(),
    } + (week is { } w ? $", week {w}" : "");
}

public enum ScheduledEventStatus
{
    /// <summary>Waiting; no Hangfire job yet (it is further away than the planning horizon).</summary>
    Pending = 0,
    Done = 1,
    Cancelled = 2,
    Failed = 3,
    /// <summary>A Hangfire delayed job will dispatch it at its due time.</summary>
    Planned = 4,
}

/// <summary>Something the program does at a moment in a patient's schedule. The database row is the source of truth.</summary>
public sealed class ScheduledEvent
{
    private ScheduledEvent() { }

    /// <summary>An event at a local moment in the patient's zone; its instant is computed from that moment.</summary>
    public ScheduledEvent(Guid enrolmentId, ScheduledEventKind kind, int? week, LocalMoment at, TimeZoneInfo zone, int sequence = 0)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Id = Guid.NewGuid();
        EnrolmentId = enrolmentId;
        Kind = kind;
        Week = week;
        Sequence = sequence;
        SetIntent(at, zone);
    }

    public Guid Id { get; private set; }
    public Guid EnrolmentId { get; private set; }
    public ScheduledEventKind Kind { get; private set; }
    public int? Week { get; private set; }
    /// <summary>Tells apart events of one kind and week, such as the follow-up's first and second reminders.</summary>
    public int Sequence { get; private set; }
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>The local date the patient's schedule gives this event, in <see cref="TimeZoneId"/>.</summary>
    public DateOnly LocalDate { get; private set; }

    /// <summary>The local time the patient chose; kept even when it falls in a clock change's gap (only the instant moves).</summary>
    public TimeOnly LocalTime { get; private set; }

    /// <summary>The IANA zone the local date and time are read in.</summary>
    public string TimeZoneId { get; private set; } = "";

    public LocalMoment LocalIntent => new(LocalDate, LocalTime);
    public ScheduledEventStatus Status { get; private set; }
    public string? JobId { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public int Attempts { get; private set; }

    public const int MaxErrorLength = 500;

    /// <summary>Why the last attempt to run it failed, when one did.</summary>
    public string? LastError { get; private set; }

    /// <summary>When the sweeper may try it again after a failed attempt (null: whenever it is due).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>
    /// An attempt to run it failed: the error, the attempt and the next attempt's time are recorded (1, 2, 4, 8 minutes
    /// after each failure: <see cref="RetryDelay"/>), and after <paramref name="maxAttempts"/> it is
    /// <see cref="ScheduledEventStatus.Failed"/>, left for an admin to look at and run again, not retried on its own.
    /// </summary>
    public void Fail(string error, int maxAttempts, DateTimeOffset now)
    {
        if (IsFinished)
            throw new InvalidOperationException("A finished event cannot fail.");
        Attempts++;
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        if (Attempts >= maxAttempts)
        {
            Status = ScheduledEventStatus.Failed;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = now + RetryDelay(Attempts);
        }
    }

    /// <summary>How long after its nth failure an event waits: 1, 2, 4, 8 ... minutes, at most 30.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromMinutes(Math.Min(30, Math.Pow(2, Math.Max(0, failures - 1))));
    public string? Outcome { get; private set; }

    /// <summary>
    /// An admin runs a <see cref="ScheduledEventStatus.Failed"/> event again once its cause is fixed: it is due again (at its
    /// own time, already past, so at once), unplanned, with its attempts and error cleared for the new tries.
    /// </summary>
    public void Retry()
    {
        if (Status != ScheduledEventStatus.Failed)
            throw new InvalidOperationException("Only a failed event can be retried.");
        Unplan();
        Attempts = 0;
        LastError = null;
        NextAttemptAt = null;
    }

    public bool IsDue(DateTimeOffset now) => Status != ScheduledEventStatus.Cancelled && DueAt <= now;

    public bool IsFinished => Status is ScheduledEventStatus.Done or ScheduledEventStatus.Cancelled;

    public void Planned(string jobId)
    {
        JobId = jobId;
        Status = ScheduledEventStatus.Planned;
    }

    /// <summary>
    /// Moves an unfinished event to a new local moment (in a zone, perhaps a new one); it waits to be planned again (its
    /// old job must be deleted by the caller).
    /// </summary>
    public void MoveTo(LocalMoment at, TimeZoneInfo zone)
    {
        if (IsFinished)
            throw new InvalidOperationException("A finished event cannot move.");
        SetIntent(at, zone);
        Unplan();
    }

    /// <summary>Moves the event on by whole calendar days at the same local time (a pause).</summary>
    public void MoveOnByDays(int days, TimeZoneInfo zone) => MoveTo(LocalIntent.AddDays(days), zone);

    /// <summary>
    /// Re-reads the stored local moment in <paramref name="zone"/>, as after a change of zone or of the zone's rules;
    /// returns whether the instant changed (and the event then waits to be planned again).
    /// </summary>
    public bool Recompute(TimeZoneInfo zone)
    {
        if (IsFinished)
            return false;
        var dueAt = LocalIntent.ToInstant(zone);
        if (dueAt == DueAt && TimeZoneId == zone.Id)
            return false;
        MoveTo(LocalIntent, zone);
        return true;
    }

    /// <summary>Its job fired while the program was paused: it waits, unplanned, for the resume to move it.</summary>
    public void Defer()
    {
        if (IsFinished)
            throw new InvalidOperationException("A finished event cannot be deferred.");
        Unplan();
    }

    /// <summary>An admin brings back a cancelled event; it runs at its time, or at once if that has passed.</summary>
    public void Restore()
    {
        if (Status != ScheduledEventStatus.Cancelled)
            throw new InvalidOperationException("Only a cancelled event can be restored.");
        Unplan();
        CompletedAt = null;
        Outcome = null;
    }

    private void Unplan()
    {
        Status = ScheduledEventStatus.Pending;
        JobId = null;
    }

    private void SetIntent(LocalMoment at, TimeZoneInfo zone)
    {
        LocalDate = at.Date;
        LocalTime = at.Time;
        TimeZoneId = zone.Id;
        DueAt = at.ToInstant(zone);
    }

    public void Done(DateTimeOffset now, string outcome)
    {
        if (IsFinished)
            throw new InvalidOperationException("A finished event cannot be done again.");
        Status = ScheduledEventStatus.Done;
        CompletedAt = now;
        Outcome = outcome;
        Attempts++;
    }

    /// <summary>Cancels an event that has not run; a done event is history and never changes.</summary>
    public void Cancel(DateTimeOffset now, string why)
    {
        if (IsFinished)
            throw new InvalidOperationException("A finished event cannot be cancelled.");
        Status = ScheduledEventStatus.Cancelled;
        CompletedAt = now;
        Outcome = why;
    }
}
