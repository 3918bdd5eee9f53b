using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.Web.Domain.Curriculum;

public enum ProgramSettingsStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>
/// One version of the program settings: program.yaml and every measure file, as one snapshot. Numbered published
/// versions (the highest is live) and at most one draft, made by importing changed files. Publishing needs a named
/// publisher and a change note; a published version never changes. The live version's files are also kept in
/// <see cref="CurriculumDocument"/>, which the site reads; both are written in one transaction.
/// </summary>
public sealed class ProgramSettingsVersion
{
    public const string FromFiles = "curriculum files";

    private ProgramSettingsVersion() { }

    private ProgramSettingsVersion(IReadOnlyList<SettingsFile> files, string author, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Files = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        CreatedBy = author;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public ProgramSettingsStatus Status { get; private set; }
    /// <summary>1, 2, 3... once published; null while a draft.</summary>
    public int? Number { get; private set; }
    /// <summary>program.yaml and the measure files, ordered by path.</summary>
    public List<SettingsFile> Files { get; private set; } = [];
    /// <summary>The live version when the draft was made.</summary>
    public int? BasedOn { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string? ChangeNote { get; private set; }
    public string? PublishedBy { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    /// <summary>Goes up when the draft is published: two admins publishing the same draft cannot both win.</summary>
    public int Revision { get; private set; }

    public static ProgramSettingsVersion Draft(IReadOnlyList<SettingsFile> files, int? basedOn, string author, DateTimeOffset now) =>
        new(files, author, now) { Status = ProgramSettingsStatus.Draft, BasedOn = basedOn, Revision = 1 };

    /// <summary>Version 1, published at start-up on a site that has none: from the files, or from the settings it already used.</summary>
    public static ProgramSettingsVersion First(IReadOnlyList<SettingsFile> files, string note, DateTimeOffset now) =>
        new(files, FromFiles, now)
        {
            Status = ProgramSettingsStatus.Published, Number = 1, ChangeNote = note, PublishedBy = FromFiles, PublishedAt = now, Revision = 1,
        };

    public void Publish(int number, string changeNote, string publisher, DateTimeOffset now)
    {
        if (Status != ProgramSettingsStatus.Draft)
            throw new InvalidOperationException("Only a draft can be published.");
        if (string.IsNullOrWhiteSpace(changeNote) || string.IsNullOrWhiteSpace(publisher))
            throw new InvalidOperationException("Publishing program settings needs a change note and a named publisher.");
        Status = ProgramSettingsStatus.Published;
        Number = number;
        ChangeNote = changeNote.Trim();
        PublishedBy = publisher;
        PublishedAt = now;
        Revision++;
    }

    public bool HasFiles(IReadOnlyList<SettingsFile> files) =>
        Files.SequenceEqual(files.OrderBy(f => f.Path, StringComparer.Ordinal));
}
