using System.Globalization;
using System.Text.RegularExpressions;
using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Curriculum.Audio;

/// <summary>What looking for a recording in curriculum/audio/ found.</summary>
public abstract record RecordingProbe
{
    public sealed record Missing : RecordingProbe;
    public sealed record Unreadable(string Reason) : RecordingProbe;
    public sealed record Found(TimeSpan Duration) : RecordingProbe;
}

/// <summary>
/// A clinic's own recordings for guided exercises: one per phase (<c>audio:</c> under a phase) or one for the whole
/// exercise (<c>audio:</c> on the step), each a file in curriculum/audio/ that exists, is mp3, ogg, m4a or wav, and
/// ends within the time it is played in. Given how to look a file up, so the same rules serve files and drafts.
/// </summary>
public static partial class RecordingRules
{
    public const string FolderName = "audio";

    /// <summary>Encoders pad the end a little; a recording up to half a second over its phase still fits.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(0.5);

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".m4a"] = "audio/mp4",
        [".wav"] = "audio/wav",
    };

    /// <summary>A plain file name of an allowed type, directly in the audio folder: nothing that could reach another folder.</summary>
    public static bool IsValidName(string name) =>
        NamePattern().IsMatch(name) && ContentTypes.ContainsKey(Path.GetExtension(name).ToLowerInvariant());

    public static IReadOnlyList<ModuleProblem> Check(ModuleDefinition module, Func<string, RecordingProbe> probe)
    {
        var problems = new List<ModuleProblem>();
        for (var i = 0; i < module.Steps.Count; i++)
        {
            var step = module.Steps[i];
            var path = $"steps[{i}]";
            var phaseRecordings = step.Phases.Any(p => p.Audio is not null);
            if (step.Kind != StepKinds.Exercise && (step.Audio is not null || phaseRecordings))
            {
                problems.Add(new ModuleProblem($"{path}.audio", $"step '{step.Id}' is not an exercise; only exercises can have a recording"));
                continue;
            }
            if (step.Audio is not null && phaseRecordings)
                problems.Add(new ModuleProblem($"{path}.audio", $"exercise '{step.Id}' has a recording for the whole exercise and for some phases; use one or the other"));
            if (step.Audio is not null)
                CheckOne(step.Audio, step.Phases.Sum(p => p.Seconds), $"{path}.audio", $"exercise '{step.Id}'", "its phases last", probe, problems);
            for (var j = 0; j < step.Phases.Count; j++)
            {
                if (step.Phases[j].Audio is { } audio)
                    CheckOne(audio, step.Phases[j].Seconds, $"{path}.phases[{j}].audio", $"phase {j + 1} of '{step.Id}'", "the phase lasts", probe, problems);
            }
        }
        return problems;
    }

    private static void CheckOne(string name, int seconds, string path, string what, string lasts, Func<string, RecordingProbe> probe, List<ModuleProblem> problems)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!ContentTypes.ContainsKey(extension))
        {
            problems.Add(new ModuleProblem(path, $"the recording '{name}' for {what} is not an mp3, ogg, m4a or wav file"));
            return;
        }
        if (!NamePattern().IsMatch(name))
        {
            problems.Add(new ModuleProblem(path, $"the recording '{name}' for {what} must be a file name directly in {FolderName}/, in lower-case letters, digits, '-', '_' and '.'"));
            return;
        }
        switch (probe(name))
        {
            case RecordingProbe.Missing:
                problems.Add(new ModuleProblem(path, $"the recording '{name}' for {what} is not in the {FolderName}/ folder"));
                break;
            case RecordingProbe.Unreadable unreadable:
                problems.Add(new ModuleProblem(path, $"the recording '{name}' for {what} cannot be read as audio: {unreadable.Reason}"));
                break;
            case RecordingProbe.Found found when found.Duration > TimeSpan.FromSeconds(seconds) + Leeway:
                problems.Add(new ModuleProblem(path, string.Create(CultureInfo.InvariantCulture,
                    $"the recording '{name}' for {what} lasts {found.Duration.TotalSeconds:0.#} seconds, but {lasts} {seconds} seconds")));
                break;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
