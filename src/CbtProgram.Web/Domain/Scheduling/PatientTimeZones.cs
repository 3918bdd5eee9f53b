namespace CbtProgram.Web.Domain.Scheduling;

/// <summary>
/// The time zones a patient can choose: the IANA ids of the zones this machine's tz database describes, such as
/// "Europe/London". The site accepts nothing else, so a Windows id (which .NET would also resolve) or a made-up one is
/// refused at the door instead of reaching PostgreSQL's <c>AT TIME ZONE</c>. "Etc/" zones are left out: their signs
/// run backwards (Etc/GMT+5 is five hours behind), which would only confuse.
/// </summary>
public static class PatientTimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() => TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id)
        .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList());

    private static readonly Lazy<HashSet<string>> Lookup = new(() => new HashSet<string>(Ids.Value, StringComparer.Ordinal));

    /// <summary>Every id a patient can choose, in alphabetical order.</summary>
    public static IReadOnlyList<string> Offered => Ids.Value;

    public static bool IsAccepted(string? timeZoneId) => timeZoneId is not null && Lookup.Value.Contains(timeZoneId);

    /// <summary>The zone of an accepted id; anything else is a clear error, never a silent UTC.</summary>
    public static TimeZoneInfo Find(string timeZoneId) =>
        IsAccepted(timeZoneId) && SessionSchedule.TryFindZone(timeZoneId, out var zone)
            ? zone
            : throw new UnknownTimeZoneException(timeZoneId);

    /// <summary>"America/New_York" as people read it: "America/New York".</summary>
    public static string Describe(string timeZoneId) => timeZoneId.Replace('_', ' ');
}

public sealed class UnknownTimeZoneException(string timeZoneId)
    : Exception($"'{timeZoneId}' is not a time zone this site knows; expected an IANA id such as 'Europe/London'.")
{
    public string TimeZoneId { get; } = timeZoneId;
}
