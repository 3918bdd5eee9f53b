namespace CbtProgram.Web.Domain.Audit;

/// <summary>Who viewed or changed which patient's record, and when. Written by the site, never edited.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(string actorId, Guid? patientId, string action, string? detail, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        ActorId = actorId;
        PatientId = patientId;
        Action = action;
        Detail = detail;
        At = now;
    }

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; } = "";
    public Guid? PatientId { get; private set; }
    /// <summary>A short verb phrase such as "viewed record" or "resolved risk alert".</summary>
    public string Action { get; private set; } = "";
    public string? Detail { get; private set; }
}
