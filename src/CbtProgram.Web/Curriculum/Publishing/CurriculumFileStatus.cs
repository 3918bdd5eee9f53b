using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>What the last read of the curriculum folder found, for the admins' curriculum page. Held in memory per node.</summary>
public sealed class CurriculumFileStatus
{
    private volatile Snapshot _current = new("", [], [], false, null);

    /// <summary>SettingsChanged: program.yaml or a measure file differs from the live program settings.</summary>
    public sealed record Snapshot(string Folder, IReadOnlyList<CurriculumProblem> Problems, IReadOnlyList<int> ChangedWeeks, bool SettingsChanged, DateTimeOffset? ReadAt);

    public Snapshot Current => _current;

    public void Record(string folder, IReadOnlyList<CurriculumProblem> problems, IReadOnlyList<int> changedWeeks, bool settingsChanged, DateTimeOffset readAt) =>
        _current = new Snapshot(folder, problems, changedWeeks, settingsChanged, readAt);
}
