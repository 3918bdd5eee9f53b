namespace CbtProgram.Web.Journey.Audio;

/// <summary>
/// How a person likes guided exercises read to them: the "Read aloud" switch, the browser voice (by name, as the
/// browser calls it), the speed and the soft sounds at the start and end of each phase. One row per account.
/// </summary>
public sealed class ReadAloudPreference
{
    public static readonly IReadOnlyList<int> Speeds = [70, 80, 90, 100, 110];
    public const int DefaultSpeed = 90;
    public const int MaxVoiceLength = 200;

    private ReadAloudPreference() { }

    public ReadAloudPreference(string userId) => UserId = userId;

    public string UserId { get; private set; } = "";
    public bool On { get; private set; }
    /// <summary>The browser's name for the voice, or null for the device's own choice.</summary>
    public string? Voice { get; private set; }
    /// <summary>Speaking speed in percent of the voice's normal pace: one of <see cref="Speeds"/>.</summary>
    public int SpeedPercent { get; private set; } = DefaultSpeed;
    public bool Sounds { get; private set; } = true;
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes the choices, or says (in words for the patient) why they cannot be kept, changing nothing.</summary>
    public string? Change(bool on, string? voice, int speedPercent, bool sounds, DateTimeOffset now)
    {
        voice = string.IsNullOrWhiteSpace(voice) ? null : voice.Trim();
        if (!Speeds.Contains(speedPercent))
            return "Choose one of the speeds in the list.";
        if (voice is { Length: > MaxVoiceLength } || (voice?.Any(char.IsControl) ?? false))
            return "That voice name could not be saved. Choose a voice from the list.";
        (On, Voice, SpeedPercent, Sounds, UpdatedAt) = (on, voice, speedPercent, sounds, now);
        return null;
    }
}
