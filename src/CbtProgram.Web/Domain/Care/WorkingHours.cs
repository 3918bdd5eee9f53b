namespace CbtProgram.Web.Domain.Care;

/// <summary>
/// The clinic's working week (Monday to Friday, between a start and an end time in the clinic's own time zone, except
/// the clinic's holidays), for deadlines counted in working time, such as when an unacknowledged risk alert escalates.
/// </summary>
public sealed record WorkingHours(TimeZoneInfo Zone, TimeOnly Start, TimeOnly End, IReadOnlySet<DateOnly>? Holidays = null)
{
    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && Holidays?.Contains(day) != true;

    /// <summary>Whole working days after <paramref name="from"/>: each is a full working day's length of working time.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days) => Add(from, (End - Start) * days);

    /// <summary>The instant at which <paramref name="duration"/> of working time has passed since <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan duration)
    {
        if (End <= Start)
            throw new InvalidOperationException("The working day must end after it starts.");
        var left = duration;
        var local = TimeZoneInfo.ConvertTime(from, Zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        while (true)
        {
            if (IsWorkingDay(day) && time < End)
            {
                var begin = time < Start ? Start : time;
                var available = End - begin;
                if (left <= available)
                    return ToInstant(day, begin.Add(left));
                left -= available;
            }
            day = day.AddDays(1);
            time = TimeOnly.MinValue;
        }
    }

    private DateTimeOffset ToInstant(DateOnly day, TimeOnly time) => Scheduling.SessionSchedule.ToInstant(day, time, Zone);
}
