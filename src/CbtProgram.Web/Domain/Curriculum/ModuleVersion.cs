using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Domain.Curriculum;

public enum ModuleVersionStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>
/// One version of a week's module. A week has numbered published versions (the highest is current) and at
/// most one draft. Publishing turns the draft into the next numbered version; published versions never change,
/// so a patient pinned to one always sees the same text.
/// </summary>
public sealed class ModuleVersion
{
    private ModuleVersion() { }

    private ModuleVersion(int week, ModuleDefinition content, string author, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Week = week;
        Content = content;
        CreatedBy = author;
        CreatedAt = now;
        UpdatedBy = author;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Week { get; private set; }
    public ModuleVersionStatus Status { get; private set; }
    /// <summary>1, 2, 3... once published; null while a draft.</summary>
    public int? Number { get; private set; }
    public ModuleDefinition Content { get; private set; } = new();
    /// <summary>The published version a draft started from.</summary>
    public int? BasedOn { get; private set; }
    public string? ChangeNote { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    /// <summary>Goes up with every save of a draft: two admins saving the same revision cannot both win.</summary>
    public int Revision { get; private set; }

    public static ModuleVersion Draft(ModuleDefinition content, int? basedOn, string author, DateTimeOffset now) =>
        new(content.Week, content, author, now) { Status = ModuleVersionStatus.Draft, BasedOn = basedOn, Revision = 1 };

    /// <summary>A version published straight from the curriculum files (the first load).</summary>
    public static ModuleVersion PublishedFromFiles(ModuleDefinition content, int number, string note, DateTimeOffset now) =>
        new(content.Week, content, "curriculum files", now)
        {
            Status = ModuleVersionStatus.Published, Number = number, ChangeNote = note, PublishedBy = "curriculum files", PublishedAt = now,
        };

    public void Edit(ModuleDefinition content, string author, DateTimeOffset now)
    {
        EnsureDraft();
        Content = content with { Week = Week };
        UpdatedBy = author;
        UpdatedAt = now;
        Revision++;
    }

    public void Publish(int number, string changeNote, string author, DateTimeOffset now)
    {
        EnsureDraft();
        Status = ModuleVersionStatus.Published;
        Number = number;
        ChangeNote = changeNote.Trim();
        PublishedBy = author;
        PublishedAt = now;
        Revision++;
    }

    private void EnsureDraft()
    {
        if (Status != ModuleVersionStatus.Draft)
            throw new InvalidOperationException("A published version never changes.");
    }
}
