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

    public bool IsOpen => ResolvedAt is null;
}
