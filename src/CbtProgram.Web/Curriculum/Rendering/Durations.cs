namespace CbtProgram.Web.Curriculum.Rendering;

public static class Durations
{
    /// <summary>"45 seconds", "1 minute", "2 minutes 30 seconds".</summary>
    public static string Describe(int seconds)
    {
        var minutes = seconds / 60;
        var rest = seconds % 60;
        var parts = new List<string>();
        if (minutes > 0)
            parts.Add(minutes == 1 ? "1 minute" : $"{minutes} minutes");
        if (rest > 0 || minutes == 0)
            parts.Add(rest == 1 ? "1 second" : $"{rest} seconds");
        return string.Join(" ", parts);
    }
}
