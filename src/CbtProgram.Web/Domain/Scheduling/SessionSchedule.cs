using System.Diagnostics.CodeAnalysis;

namespace CbtProgram.Web.Domain.Scheduling;

public sealed record SessionPreferences(string TimeZoneId, DayOfWeek Weekday, TimeOnly LocalTime, DateOnly StartDate);

public sealed record ScheduledSession(int Week, DateOnly LocalDate, DateTimeOffset OpensAt);

public sealed record ProgramSchedule(
    TimeZoneInfo Zone,
    TimeOnly LocalTime,
    IReadOnlyList<ScheduledSession> Sessions,
    DateOnly ProgramEndLocalDate,
    DateTimeOffset ProgramEndsAt,
    DateOnly FollowUpLocalDate,
    DateTimeOffset FollowUpOpensAt,
    DateTimeOffset FollowUpClosesAt);

public static class SessionSchedule
{
    private const int DaysPerWeek = 7;

    public static ProgramSchedule Compute(
        SessionPreferences preferences,
        int weeks = 12,
        int followUpMonths = 4,
        int followUpWindowDays = 14)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        if (weeks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(weeks), weeks, "A program needs at least one week.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(followUpMonths);
        ArgumentOutOfRangeException.ThrowIfNegative(followUpWindowDays);
        if (!Enum.IsDefined(preferences.Weekday))
        {
            throw new ArgumentException($"'{preferences.Weekday}' is not a day of the week.", nameof(preferences));
        }

        if (!TryFindZone(preferences.TimeZoneId, out var zone))
        {
            throw new ArgumentException(
                $"Unknown time zone id '{preferences.TimeZoneId}'; expected an IANA id such as 'Europe/London'.",
                nameof(preferences));
        }

        var time = preferences.LocalTime;
        var firstDate = FirstSessionDate(preferences.StartDate, preferences.Weekday);

        // Weeks step in local calendar days, not in 168-hour blocks, so the wall-clock time survives DST changes.
        var sessions = new ScheduledSession[weeks];
        for (var i = 0; i < weeks; i++)
        {
            var date = firstDate.AddDays(DaysPerWeek * i);
            sessions[i] = new ScheduledSession(i + 1, date, ToInstant(date, time, zone));
        }

        var programEnd = sessions[^1].LocalDate.AddDays(DaysPerWeek);
        var (followUp, opens, closes) = FollowUp(sessions[^1].LocalDate, time, zone, followUpMonths, followUpWindowDays);

        return new ProgramSchedule(zone, time, sessions, programEnd, ToInstant(programEnd, time, zone), followUp, opens, closes);
    }

    /// <summary>
    /// The follow-up after a last session on <paramref name="lastSessionDate"/>: it opens the given calendar months after
    /// the program ends (a week after that session), at the session's local time, and closes the window's days later.
    /// </summary>
    public static (DateOnly LocalDate, DateTimeOffset OpensAt, DateTimeOffset ClosesAt) FollowUp(
        DateOnly lastSessionDate, TimeOnly time, TimeZoneInfo zone, int followUpMonths, int followUpWindowDays)
    {
        var followUp = lastSessionDate.AddDays(DaysPerWeek).AddMonths(followUpMonths);
        return (followUp, ToInstant(followUp, time, zone), ToInstant(followUp.AddDays(followUpWindowDays), time, zone));
    }

    public static DateOnly FirstSessionDate(DateOnly startDate, DayOfWeek weekday)
    {
        var daysAhead = ((int)weekday - (int)startDate.DayOfWeek + DaysPerWeek) % DaysPerWeek;
        return startDate.AddDays(daysAhead);
    }

    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);

        // The local time read with the offset in force a day earlier and with the one a day later (zones do not change
        // offset twice within a day), each kept only if the zone's clock really shows it at that instant. Instants are
        // converted right everywhere, but TimeZoneInfo's questions about local times (IsInvalidTime, IsAmbiguousTime,
        // GetUtcOffset of a local time) miss some changes: Europe/Dublin's, whose winter time tzdata writes as a
        // negative daylight saving time, and the day Pacific/Apia skipped (30 December 2011).
        var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        var before = AtOffset(local, zone.GetUtcOffset(asUtc.AddDays(-1)));
        var after = AtOffset(local, zone.GetUtcOffset(asUtc.AddDays(1)));

        // Shown at both instants (autumn): the first occurrence, the earlier. Shown at neither (a spring-forward gap):
        // read with the offset in force before the jump, it lands exactly one gap later, whatever the gap's size.
        return Shows(zone, after, local) && !(Shows(zone, before, local) && before < after) ? after : before;
    }

    /// <summary>
    /// Zones already read. <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> keeps its own cache behind one lock, which
    /// every row of every caseload took at once (the most contended lock of the caseload page under load).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>Forgets every zone read, here and in .NET's own cache, so an updated tz database is read afresh.</summary>
    public static void ForgetZones()
    {
        TimeZoneInfo.ClearCachedData();
        Zones.Clear();
    }

    public static bool TryFindZone(string? timeZoneId, [MaybeNullWhen(false)] out TimeZoneInfo zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return false;
        }
        if (Zones.TryGetValue(timeZoneId, out zone))
        {
            return true;
        }

        try
        {
            zone = Zones.GetOrAdd(timeZoneId, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException
            or System.Security.SecurityException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            zone = null;
            return false;
        }
    }

    private static DateTimeOffset AtOffset(DateTime local, TimeSpan offset) =>
        new DateTimeOffset(local, offset).ToUniversalTime();

    private static bool Shows(TimeZoneInfo zone, DateTimeOffset instant, DateTime local) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime == local;
}
