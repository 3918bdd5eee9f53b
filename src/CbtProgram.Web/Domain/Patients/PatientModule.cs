namespace CbtProgram.Web.Domain.Patients;

/// <summary>
/// A week's module as opened for one patient, pinned to the version that was current at that moment, with
/// where they are in it: progress is saved after each step so they can resume on any device.
/// </summary>
public sealed class PatientModule
{
    private PatientModule() { }

    public PatientModule(Guid patientId, int week, Guid moduleVersionId, DateTimeOffset openedAt)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        Week = week;
        ModuleVersionId = moduleVersionId;
        OpenedAt = openedAt;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public int Week { get; private set; }
    public Guid ModuleVersionId { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    /// <summary>The step to resume at; null before the first step is finished.</summary>
    public string? CurrentStepId { get; private set; }
    public DateTimeOffset? LastActivityAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsCompleted => CompletedAt is not null;

    public void MoveTo(string stepId, DateTimeOffset now)
    {
        CurrentStepId = stepId;
        LastActivityAt = now;
    }

    /// <summary>Records completion once; finishing again keeps the first time.</summary>
    public void Complete(DateTimeOffset now)
    {
        CompletedAt ??= now;
        LastActivityAt = now;
    }
}
