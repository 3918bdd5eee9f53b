namespace CbtProgram.Web.Domain.Patients;

/// <summary>A person taking part in the program, and the therapist who watches over them.</summary>
public sealed class Patient
{
    private Patient() { }

    public Patient(string userId, string? assignedTherapistId, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        AssignedTherapistId = assignedTherapistId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string? AssignedTherapistId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public void AssignTherapist(string therapistId) => AssignedTherapistId = therapistId;
}
