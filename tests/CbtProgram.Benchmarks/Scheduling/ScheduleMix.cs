using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// Patients' choices spread the way a real caseload would be: several IANA zones (more in the UK), any weekday,
/// a session time between 07:00 and 21:00 on the quarter hour, and a start date within the allowed 90 days.
/// Seeded, so every run draws the same mix.
/// </summary>
public sealed class ScheduleMix(int seed)
{
    public static readonly IReadOnlyList<string> Zones =
    [
        "Europe/London", "Europe/London", "Europe/London", "Europe/Dublin", "Europe/Berlin", "Europe/Madrid",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
        "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    private readonly Random _random = new(seed);

    /// <summary>A choice whose start date lies between the given days from the patient's local today (negative: in the past).</summary>
    public SessionPreferences Next(DateTimeOffset now, int fromDay, int toDay)
    {
        var zone = Zones[_random.Next(Zones.Count)];
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        return new SessionPreferences(zone, (DayOfWeek)_random.Next(7), new TimeOnly(7, 0).AddMinutes(15 * _random.Next(57)),
            today.AddDays(_random.Next(fromDay, toDay + 1)));
    }

    /// <summary>The choice that makes week 1 open exactly at the given instant for a patient in the given zone.</summary>
    public static SessionPreferences OpeningAt(DateTimeOffset instant, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;
        return new SessionPreferences(zone, local.DayOfWeek, TimeOnly.FromDateTime(local), DateOnly.FromDateTime(local));
    }
}
