namespace CbtProgram.Web.Domain.Patients;

/// <summary>What a patient wrote in one step (a worksheet, reflection, homework plan or quiz), field id to value.</summary>
public sealed class StepAnswer
{
    private StepAnswer() { }

    public StepAnswer(Guid patientModuleId, string stepId)
    {
        Id = Guid.NewGuid();
        PatientModuleId = patientModuleId;
        StepId = stepId;
    }

    public Guid Id { get; private set; }
    public Guid PatientModuleId { get; private set; }
    public string StepId { get; private set; } = "";
    public Dictionary<string, string> Values { get; private set; } = [];
    public DateTimeOffset SavedAt { get; private set; }

    public void Save(IReadOnlyDictionary<string, string> values, DateTimeOffset now)
    {
        Values = new Dictionary<string, string>(values);
        SavedAt = now;
    }
}
