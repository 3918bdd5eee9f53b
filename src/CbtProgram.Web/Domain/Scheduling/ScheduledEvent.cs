namespace CbtProgram.Web.Domain.Scheduling;

public enum ScheduledEventKind
{
    SessionOpens = 0,
    FollowUpOpens = 1,
    SessionReminder = 2,
    ModuleNudge = 3,
    FollowUpReminder = 4,
    FollowUpCloses = 5,
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

    public ScheduledEvent(Guid enrolmentId, ScheduledEventKind kind, int? week, DateTimeOffset dueAt, int sequence = 0)
    {
        Id = Guid.NewGuid();
        EnrolmentId = enrolmentId;
        Kind = kind;
        Week = week;
        Sequence = sequence;
        DueAt = dueAt;
    }

    public Guid Id { get; private set; }
    public Guid EnrolmentId { get; private set; }
    public ScheduledEventKind Kind { get; private set; }
    public int? Week { get; private set; }
    /// <summary>Tells apart events of one kind and week, such as the follow-up's first and second reminders.</summary>
    public int Sequence { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public ScheduledEventStatus Status { get; private set; }
    public string? JobId { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? Outcome { get; private set; }

    public bool IsDue(DateTimeOffset now) => Status != ScheduledEventStatus.Cancelled && DueAt <= now;

    public bool IsFinished => Status is ScheduledEventStatus.Done or ScheduledEventStatus.Cancelled;

    public void Planned(string jobId)
    {
        JobId = jobId;
        Status = ScheduledEventStatus.Planned;
    }

    /// <summary>Moves an unfinished event to a new time; it waits to be planned again (its old job must be deleted).</summary>
    public void MoveTo(DateTimeOffset dueAt)
    {
        if (IsFinished)
            throw new InvalidOperationException("A finished event cannot move.");
        DueAt = dueAt;
        Status = ScheduledEventStatus.Pending;
        JobId = null;
    }

    public void Done(DateTimeOffset now, string outcome)
    {
        Status = ScheduledEventStatus.Done;
        CompletedAt = now;
        Outcome = outcome;
        Attempts++;
    }

    public void Cancel(DateTimeOffset now, string why)
    {
        Status = ScheduledEventStatus.Cancelled;
        CompletedAt = now;
        Outcome = why;
    }
}
