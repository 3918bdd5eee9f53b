namespace CbtProgram.Web.Domain.Safety;

/// <summary>
/// Raised at once by a risky questionnaire answer. The assigned therapist acknowledges it and resolves it with a
/// note; every step is time-stamped. It is a prompt for a clinician's structured assessment, not a diagnosis.
/// </summary>
public sealed class RiskAlert
{
    private RiskAlert() { }

    public RiskAlert(Guid patientId, string? therapistId, Guid measureResponseId, string reasons, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        TherapistId = therapistId;
        MeasureResponseId = measureResponseId;
        Reasons = reasons;
        RaisedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public string? TherapistId { get; private set; }
    public Guid MeasureResponseId { get; private set; }
    public string Reasons { get; private set; } = "";
    public DateTimeOffset RaisedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? ResolvedBy { get; private set; }
    public string? ResolutionNote { get; private set; }
    /// <summary>When admins were told that nobody had acknowledged the alert in time.</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    public bool IsAcknowledged => AcknowledgedAt is not null;

    public void Acknowledge(string userId, DateTimeOffset now)
    {
        if (AcknowledgedAt is not null)
            return;
        AcknowledgedAt = now;
        AcknowledgedBy = userId;
    }

    /// <summary>Resolves with the clinician's note; resolving also acknowledges an alert that was not yet.</summary>
    public void Resolve(string userId, string note, DateTimeOffset now)
    {
        if (ResolvedAt is not null)
            throw new InvalidOperationException("This alert is already resolved.");
        Acknowledge(userId, now);
        ResolvedAt = now;
        ResolvedBy = userId;
        ResolutionNote = note.Trim();
    }

    public void Escalated(DateTimeOffset now) => EscalatedAt ??= now;
}
