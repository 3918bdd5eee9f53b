namespace CbtProgram.Web.Domain.Curriculum;

/// <summary>The program definition and the questionnaires, kept as the YAML text they were published from.</summary>
public sealed class CurriculumDocument
{
    private CurriculumDocument() { }

    public CurriculumDocument(string path, string content, DateTimeOffset now)
    {
        Path = path;
        Content = content;
        UpdatedAt = now;
    }

    /// <summary>The path inside the curriculum folder, such as "program.yaml" or "measures/phq-9.yaml".</summary>
    public string Path { get; private set; } = "";
    public string Content { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Replace(string content, DateTimeOffset now)
    {
        Content = content;
        UpdatedAt = now;
    }
}
