namespace CbtProgram.Web.Domain.Safety;

/// <summary>The questionnaire an alert came from, and its item answers as given (null for an item left unanswered).</summary>
public sealed record AlertSource(string MeasureId, string Point, int Week, int?[] Answers);

/// <summary>
/// Raised at once by a risky questionnaire answer, complete or not. Owned by the patient's therapist, or by the
/// clinical leads when the patient has none; acknowledged, then resolved with a note; every step is time-stamped. It
/// is a prompt for a clinician's structured assessment, not a diagnosis. One alert per questionnaire (measure, point
/// and week): a repeat or a later completion of the same questionnaire adds to it, never a second alert.
/// </summary>
public sealed class RiskAlert
{
    private RiskAlert() { }

    public RiskAlert(Guid patientId, string? therapistId, AlertSource source, Guid? measureResponseId, string reasons, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        Id = Guid.NewGuid();
        PatientId = patientId;
        TherapistId = therapistId;
        MeasureId = source.MeasureId;
        Point = source.Point;
        Week = source.Week;
        Answers = source.Answers;
        MeasureResponseId = measureResponseId;
        Reasons = reasons;
        RaisedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    /// <summary>The therapist who owns it; null when the patient has none, and the clinical leads own it.</summary>
    public string? TherapistId { get; private set; }
    public string MeasureId { get; private set; } = "";
    public string Point { get; private set; } = "";
    public int Week { get; private set; }
    /// <summary>The item answers that raised it, as given (null: not answered).</summary>
    public int?[] Answers { get; private set; } = [];
    /// <summary>The completed questionnaire, once there is one (an alert from an incomplete one has none yet).</summary>
    public Guid? MeasureResponseId { get; private set; }
    public string Reasons { get; private set; } = "";
    public DateTimeOffset RaisedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? ResolvedBy { get; private set; }
    public string? ResolutionNote { get; private set; }
    /// <summary>When the clinical leads were told that nobody had acknowledged it in time.</summary>
    public DateTimeOffset? EscalatedToLeadsAt { get; private set; }
    /// <summary>When the admins were told that it was still not acknowledged.</summary>
    public DateTimeOffset? EscalatedToAdminsAt { get; private set; }
    /// <summary>When the therapist and the leads were told that it was acknowledged but is still not resolved.</summary>
    public DateTimeOffset? UnresolvedReminderAt { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    public bool IsAcknowledged => AcknowledgedAt is not null;

    public bool IsOwnedByLeads => TherapistId is null;

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

    /// <summary>The questionnaire was completed after the alert was raised from part of it.</summary>
    public void CompletedAs(Guid measureResponseId) => MeasureResponseId ??= measureResponseId;

    public DateTimeOffset? TakenAt(EscalationStep step) => step switch
    {
        EscalationStep.ClinicalLeads => EscalatedToLeadsAt,
        EscalationStep.Admins => EscalatedToAdminsAt,
        EscalationStep.UnresolvedReminder => UnresolvedReminderAt,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    /// <summary>Records a step of the ladder; false when it was already taken (each step happens once).</summary>
    public bool Escalate(EscalationStep step, DateTimeOffset now)
    {
        if (TakenAt(step) is not null)
            return false;
        switch (step)
        {
            case EscalationStep.ClinicalLeads: EscalatedToLeadsAt = now; break;
            case EscalationStep.Admins: EscalatedToAdminsAt = now; break;
            default: UnresolvedReminderAt = now; break;
        }
        return true;
    }
}
