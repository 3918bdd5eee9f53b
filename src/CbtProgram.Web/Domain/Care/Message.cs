namespace CbtProgram.Web.Domain.Care;

/// <summary>
/// One message in the conversation between a patient and their care team. The email that tells the other side says
/// only that there is a new message; the words stay in the site.
/// </summary>
public sealed class Message
{
    public const int MaxLength = 4000;

    private Message() { }

    public Message(Guid patientId, string senderId, bool fromPatient, string text, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        SenderId = senderId;
        FromPatient = fromPatient;
        Text = text.Trim();
        SentAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>The patient whose conversation this is.</summary>
    public Guid PatientId { get; private set; }
    public string SenderId { get; private set; } = "";
    public bool FromPatient { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset SentAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
