namespace CbtProgram.Web.Domain.Patients;

/// <summary>A person taking part in the program, the therapist who watches over them, and their consent.</summary>
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
    /// <summary>The version of the consent text the patient accepted, and when.</summary>
    public int? ConsentVersion { get; private set; }
    public DateTimeOffset? ConsentedAt { get; private set; }
    /// <summary>
    /// When the medication-overuse flag was raised, while it is on; null once it has cleared. Changed only by
    /// <c>Care.MedicationFlagWatch</c>, with a conditional update, so two saves at once raise it once.
    /// </summary>
    public DateTimeOffset? MedicationFlagRaisedAt { get; private set; }
    /// <summary>How many times the flag has been raised: the episode number in the therapist's email key.</summary>
    public int MedicationFlagsRaised { get; private set; }

    public bool HasConsentedTo(int version) => ConsentVersion >= version;

    public void AssignTherapist(string therapistId) => AssignedTherapistId = therapistId;

    public void AcceptConsent(int version, DateTimeOffset now)
    {
        ConsentVersion = version;
        ConsentedAt = now;
    }
}
