namespace CbtProgram.Web.Domain.Measures;

/// <summary>
/// The answers so far of a questionnaire the patient has not finished, kept so nothing they said is lost and the form
/// shows them again when they come back. Removed when the questionnaire is completed.
/// </summary>
public sealed class QuestionnaireDraft
{
    private QuestionnaireDraft() { }

    public QuestionnaireDraft(Guid patientId, string measureId, string point, int week, int?[] answers, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        MeasureId = measureId;
        Point = point;
        Week = week;
        Keep(answers, now);
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public string MeasureId { get; private set; } = "";
    public string Point { get; private set; } = "";
    public int Week { get; private set; }
    /// <summary>In item order; null for an item not answered yet.</summary>
    public int?[] Answers { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Keeps the newest answers; an item answered before and left empty now keeps its earlier answer.</summary>
    public void Keep(int?[] answers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answers);
        Answers = Answers.Length == answers.Length ? answers.Select((a, i) => a ?? Answers[i]).ToArray() : answers;
        UpdatedAt = now;
    }
}
