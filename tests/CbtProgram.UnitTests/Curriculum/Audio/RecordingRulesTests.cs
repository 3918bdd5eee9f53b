using CbtProgram.Web.Curriculum.Audio;
using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.UnitTests.Curriculum.Audio;

/// <summary>
/// The validator's rules for clinic recordings, on real files: a module file read as <c>curriculum validate</c> reads it,
/// with a temporary audio/ folder of WAV files written here (durations read by TagLibSharp, as the site does).
/// </summary>
public sealed class RecordingRulesTests : IDisposable
{
    private const string PhaseScript = "        script: \"Sit comfortably: let your shoulders drop.\"\n";
    private readonly string _curriculum = Directory.CreateTempSubdirectory("cbt-audio-").FullName;
    private readonly RecordingFolder _recordings;

    public RecordingRulesTests()
    {
        _recordings = RecordingFolder.In(_curriculum);
        Directory.CreateDirectory(_recordings.Path);
        WriteWav("settle.wav", seconds: 20);
        WriteWav("sixty-one.wav", seconds: 61);
        WriteWav("sixty-and-a-bit.wav", seconds: 60.4);
        File.WriteAllText(Path.Combine(_recordings.Path, "not-sound.mp3"), "this is text, not sound");
    }

    public void Dispose() => Directory.Delete(_curriculum, recursive: true);

    private ModuleFileResult Read(string text) =>
        ModuleFileReader.Read("modules/week-03-triggers.md", text, moreRules: m => RecordingRules.Check(m, _recordings.Probe));

    private static string WithPhaseAudio(string file) =>
        ModuleText.Valid.Replace(PhaseScript, PhaseScript + $"        audio: {file}\n", StringComparison.Ordinal);

    private static int LineOf(string text, string fragment) =>
        Array.FindIndex(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'), l => l.Contains(fragment, StringComparison.Ordinal)) + 1;

    [Fact]
    public void APhaseRecording_ThatExistsAndFitsThePhase_IsRead_AndWrittenBack()
    {
        var result = Read(WithPhaseAudio("settle.wav"));

        Assert.Empty(result.Problems);
        Assert.Equal("settle.wav", result.Module!.FindStep("breathe")!.Phases[0].Audio);
        var again = Read(ModuleFileWriter.Write(result.Module));
        Assert.Equal(result.Module.FindStep("breathe")!.Phases, again.Module!.FindStep("breathe")!.Phases);
    }

    [Fact]
    public void AMissingRecording_IsAProblem_OnTheLineThatNamesIt()
    {
        var text = WithPhaseAudio("settle-v2.wav");

        var problem = Assert.Single(Read(text).Problems);

        Assert.Equal("the recording 'settle-v2.wav' for phase 1 of 'breathe' is not in the audio/ folder", problem.Message);
        Assert.Equal(LineOf(text, "audio: settle-v2.wav"), problem.Line);
    }

    [Theory]
    [InlineData("settle.flac")]
    [InlineData("settle.txt")]
    [InlineData("settle")]
    public void ARecordingOfAnotherType_IsAProblem(string file)
    {
        File.WriteAllText(Path.Combine(_recordings.Path, file), "present, but not an allowed type");

        var problem = Assert.Single(Read(WithPhaseAudio(file)).Problems);

        Assert.Equal($"the recording '{file}' for phase 1 of 'breathe' is not an mp3, ogg, m4a or wav file", problem.Message);
    }

    [Fact]
    public void ARecordingLongerThanItsPhase_IsAProblem_ButEncoderPaddingIsNot()
    {
        var problem = Assert.Single(Read(WithPhaseAudio("sixty-one.wav")).Problems);
        Assert.Equal("the recording 'sixty-one.wav' for phase 1 of 'breathe' lasts 61 seconds, but the phase lasts 60 seconds", problem.Message);

        Assert.Empty(Read(WithPhaseAudio("sixty-and-a-bit.wav")).Problems);
    }

    [Fact]
    public void ARecordingForTheWholeExercise_MustFitAllItsPhases()
    {
        var text = ModuleText.Valid.Replace("    title: Slow breathing\n", "    title: Slow breathing\n    audio: sixty-one.wav\n", StringComparison.Ordinal);

        var problem = Assert.Single(Read(text).Problems);

        Assert.Equal("the recording 'sixty-one.wav' for exercise 'breathe' lasts 61 seconds, but its phases last 60 seconds", problem.Message);
        Assert.Equal(LineOf(text, "audio: sixty-one.wav"), problem.Line);
    }

    [Fact]
    public void AFileThatIsNotSound_IsAProblem()
    {
        var problem = Assert.Single(Read(WithPhaseAudio("not-sound.mp3")).Problems);

        Assert.StartsWith("the recording 'not-sound.mp3' for phase 1 of 'breathe' cannot be read as audio", problem.Message);
    }

    [Theory]
    [InlineData("../program.mp3")]
    [InlineData("sub/settle.wav")]
    [InlineData("Settle.wav")]
    public void ANameOutsideTheAudioFolder_IsAProblem_AndNeverServed(string file)
    {
        var problem = Assert.Single(Read(WithPhaseAudio(file)).Problems);

        Assert.Contains("must be a file name directly in audio/", problem.Message, StringComparison.Ordinal);
        Assert.Null(_recordings.FileFor(file));
    }

    [Fact]
    public void TheSampleRecording_InTheCurriculum_IsAShortMp3ThatFitsItsPhase()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "CbtProgram.sln")))
            root = root.Parent!;
        var sample = RecordingFolder.In(Path.Combine(root.FullName, "curriculum"));

        var found = Assert.IsType<RecordingProbe.Found>(sample.Probe("pmr-settle-in.mp3"));

        Assert.InRange(found.Duration.TotalSeconds, 20, 60);
        Assert.InRange(new FileInfo(sample.FileFor("pmr-settle-in.mp3")!).Length, 1, 300_000);
    }

    /// <summary>A silent 8 kHz, 8-bit mono WAV file of the given length.</summary>
    private void WriteWav(string name, double seconds)
    {
        const int rate = 8000;
        var samples = (int)(rate * seconds);
        using var writer = new BinaryWriter(File.Create(Path.Combine(_recordings.Path, name)));
        writer.Write("RIFF"u8);
        writer.Write(36 + samples);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate);
        writer.Write((short)1);
        writer.Write((short)8);
        writer.Write("data"u8);
        writer.Write(samples);
        writer.Write(Enumerable.Repeat((byte)128, samples).ToArray());
    }
}
