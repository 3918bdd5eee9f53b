namespace CbtProgram.Web.Domain.Scheduling;

public enum ScheduledEventKind
{
    SessionOpens = 0,
    FollowUpOpens = 1,
}

public enum ScheduledEventStatus
{
    Pending = 0,
    Done = 1,
    Cancelled = 2,
    Failed = 3,
}

/// <summary>Something the program does at a moment in a patient's schedule. The database row is the source of truth.</summary>
public sealed class ScheduledEvent
{
    private ScheduledEvent() { }

    public ScheduledEvent(Guid enrolmentId, ScheduledEventKind kind, int? week, DateTimeOffset dueAt)
    {
        Id = Guid.NewGuid();
        EnrolmentId = enrolmentId;
        Kind = kind;
        Week = week;
        DueAt = dueAt;
    }

    public Guid Id { get; private set; }
    public Guid EnrolmentId { get; private set; }
    public ScheduledEventKind Kind { get; private set; }
    public int? Week { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public ScheduledEventStatus Status { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsDue(DateTimeOffset now) => Status != ScheduledEventStatus.Cancelled && DueAt <= now;
}
