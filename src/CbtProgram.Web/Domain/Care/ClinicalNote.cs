namespace CbtProgram.Web.Domain.Care;

/// <summary>A therapist's private note about a patient. Staff only: never shown to the patient or in their download.</summary>
public sealed class ClinicalNote
{
    public const int MaxLength = 4000;

    private ClinicalNote() { }

    public ClinicalNote(Guid patientId, string authorId, string text, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        AuthorId = authorId;
        Text = text.Trim();
        WrittenAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTimeOffset WrittenAt { get; private set; }
}
