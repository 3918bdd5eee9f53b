namespace CbtProgram.Web.Curriculum.Audio;

/// <summary>
/// The clinic's recordings, in the audio/ folder beside the modules. Durations are read with TagLibSharp, which reads
/// the headers of mp3, ogg, m4a and wav files in managed code on every platform, without decoding the audio.
/// </summary>
public sealed class RecordingFolder(string path)
{
    public string Path { get; } = path;

    public static RecordingFolder In(string curriculumFolder) => new(System.IO.Path.Combine(curriculumFolder, RecordingRules.FolderName));

    /// <summary>The full path of a recording, or null when the name is not allowed or there is no such file.</summary>
    public string? FileFor(string name)
    {
        if (!RecordingRules.IsValidName(name))
            return null;
        var full = System.IO.Path.Combine(Path, name);
        return File.Exists(full) ? full : null;
    }

    public RecordingProbe Probe(string name)
    {
        var file = FileFor(name);
        if (file is null)
            return new RecordingProbe.Missing();
        try
        {
            using var media = TagLib.File.Create(file);
            var duration = media.Properties?.Duration ?? TimeSpan.Zero;
            return duration > TimeSpan.Zero ? new RecordingProbe.Found(duration) : new RecordingProbe.Unreadable("it has no length");
        }
        catch (Exception e) when (e is TagLib.CorruptFileException or TagLib.UnsupportedFormatException or IOException)
        {
            return new RecordingProbe.Unreadable(e.Message);
        }
    }
}
