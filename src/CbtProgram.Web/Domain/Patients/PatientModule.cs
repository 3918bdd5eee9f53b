namespace CbtProgram.Web.Domain.Patients;

/// <summary>A week's module as opened for one patient, pinned to the version that was current at that moment.</summary>
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
}
