using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>What the last read of the curriculum folder found, for the admins' curriculum page. Held in memory per node.</summary>
public sealed class CurriculumFileStatus
{
    private volatile Snapshot _current = new("", [], [], null);

    public sealed record Snapshot(string Folder, IReadOnlyList<CurriculumProblem> Problems, IReadOnlyList<int> ChangedWeeks, DateTimeOffset? ReadAt);

    public Snapshot Current => _current;

    public void Record(string folder, IReadOnlyList<CurriculumProblem> problems, IReadOnlyList<int> changedWeeks, DateTimeOffset readAt) =>
        _current = new Snapshot(folder, problems, changedWeeks, readAt);
}
