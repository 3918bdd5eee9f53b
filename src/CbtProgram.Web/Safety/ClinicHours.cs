using System.Globalization;
using CbtProgram.Web.Domain.Care;

namespace CbtProgram.Web.Safety;

/// <summary>
/// The clinic's working hours from configuration: <c>Clinic:TimeZone</c>, <c>Clinic:WorkingDayStarts</c>,
/// <c>Clinic:WorkingDayEnds</c> and <c>Clinic:Holidays</c> (dates, yyyy-MM-dd, on which nobody is at work). Checked at
/// start-up: a clinic whose hours cannot be read would escalate nothing.
/// </summary>
public sealed class ClinicHours
{
    public ClinicHours(IConfiguration configuration)
    {
        var zoneId = configuration.GetValue("Clinic:TimeZone", "Europe/London")!;
        if (!Domain.Scheduling.SessionSchedule.TryFindZone(zoneId, out var zone))
            throw new ClinicSettingsException($"Clinic:TimeZone '{zoneId}' is not a time zone; use an IANA id such as Europe/London.");
        var holidays = new HashSet<DateOnly>();
        foreach (var entry in configuration.GetSection("Clinic:Holidays").GetChildren())
        {
            if (!DateOnly.TryParseExact(entry.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new ClinicSettingsException($"Clinic:Holidays has '{entry.Value}', which is not a date such as 2026-12-25.");
            holidays.Add(day);
        }
        Hours = new WorkingHours(zone, Time(configuration, "Clinic:WorkingDayStarts", "09:00"), Time(configuration, "Clinic:WorkingDayEnds", "17:00"), holidays);
        if (Hours.End <= Hours.Start)
            throw new ClinicSettingsException("Clinic:WorkingDayEnds must be after Clinic:WorkingDayStarts.");
    }

    public WorkingHours Hours { get; }

    private static TimeOnly Time(IConfiguration configuration, string key, string fallback)
    {
        var text = configuration.GetValue(key, fallback)!;
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new ClinicSettingsException($"{key} is '{text}'; use a time of day such as 09:00.");
    }
}

/// <summary>The clinic's settings cannot be read; the message says which and how to put it right.</summary>
public sealed class ClinicSettingsException(string message) : Exception(message);
