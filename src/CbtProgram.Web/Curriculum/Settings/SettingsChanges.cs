using CbtProgram.Web.Curriculum.Authoring;
using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.Web.Curriculum.Settings;

/// <summary>
/// What changes between two sets of program settings files, for the admin who reviews a draft or reads the history:
/// the meaningful settings in words (<see cref="SettingsSummary"/>), and each changed file line by line.
/// </summary>
public sealed record SettingsChanges(IReadOnlyList<SettingsChanges.Setting>? Settings, IReadOnlyList<SettingsChanges.File> Files)
{
    /// <summary>One setting that differs; Before or After is null when the setting is new or gone.</summary>
    public sealed record Setting(string Group, string Name, string? Before, string? After, bool Safety);

    /// <summary>One file that differs. Kind: "added", "removed" or "changed".</summary>
    public sealed record File(string Path, string Kind, IReadOnlyList<VersionDiff.Line> Lines);

    public bool IsEmpty => Files.Count == 0;

    public static SettingsChanges Between(IReadOnlyList<SettingsFile> older, IReadOnlyList<SettingsFile> newer) =>
        new(SettingsBetween(older, newer), FilesBetween(older, newer));

    /// <summary>Null when either side's program.yaml cannot be read (the line-by-line changes still show what changed).</summary>
    private static IReadOnlyList<Setting>? SettingsBetween(IReadOnlyList<SettingsFile> older, IReadOnlyList<SettingsFile> newer)
    {
        if (SettingsSummary.Of(older) is not { } before || SettingsSummary.Of(newer) is not { } after)
            return null;
        var changes = new List<Setting>();
        foreach (var row in after)
        {
            var old = before.FirstOrDefault(b => b.Key == row.Key);
            if (old is null)
                changes.Add(new Setting(row.Group, row.Setting, null, row.Value, row.Safety));
            else if (old.ComparedValue != row.ComparedValue)
                changes.Add(new Setting(row.Group, row.Setting, old.Value,
                    old.Value == row.Value ? $"{row.Value}, reworded (see the file changes below)" : row.Value, row.Safety || old.Safety));
        }
        changes.AddRange(before.Where(b => after.All(a => a.Key != b.Key)).Select(b => new Setting(b.Group, b.Setting, b.Value, null, b.Safety)));
        return changes.OrderByDescending(c => c.Safety).ToList();
    }

    private static IReadOnlyList<File> FilesBetween(IReadOnlyList<SettingsFile> older, IReadOnlyList<SettingsFile> newer)
    {
        var files = new List<File>();
        foreach (var path in older.Select(f => f.Path).Union(newer.Select(f => f.Path)).Order(StringComparer.Ordinal))
        {
            var before = older.FirstOrDefault(f => f.Path == path)?.Content;
            var after = newer.FirstOrDefault(f => f.Path == path)?.Content;
            if (before == after)
                continue;
            var kind = before is null ? "added" : after is null ? "removed" : "changed";
            files.Add(new File(path, kind, VersionDiff.Changes(before ?? "", after ?? "")));
        }
        return files;
    }
}
