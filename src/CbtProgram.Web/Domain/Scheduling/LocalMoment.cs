namespace CbtProgram.Web.Domain.Scheduling;

/// <summary>
/// A wall-clock moment as the patient chose it: a local date and time, read in a time zone when it is needed. Kept
/// beside each event's instant so that a zone change, a tz database update or a pause can recompute the instant from
/// what the patient asked for, not from an instant that may have been shifted out of a clock change's gap.
/// </summary>
public readonly record struct LocalMoment(DateOnly Date, TimeOnly Time)
{
    public static LocalMoment Of(DateTime local) => new(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));

    /// <summary>The local moment of an instant in a zone.</summary>
    public static LocalMoment At(DateTimeOffset instant, TimeZoneInfo zone) => Of(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public DateTime ToDateTime() => Date.ToDateTime(Time, DateTimeKind.Unspecified);

    /// <summary>Calendar arithmetic on the wall clock (a day is a calendar day, whatever the clocks do).</summary>
    public LocalMoment AddDays(int days) => this with { Date = Date.AddDays(days) };

    /// <summary>Wall-clock hours: 24 hours before 18:30 on a Tuesday is 18:30 on the Monday, across a clock change too.</summary>
    public LocalMoment AddHours(double hours) => Of(ToDateTime().AddHours(hours));

    /// <summary>
    /// The instant this moment names in <paramref name="zone"/>. A time the clocks skip (a spring-forward gap) comes
    /// that gap later; a time that happens twice (autumn) is its first occurrence. The moment itself is never changed.
    /// </summary>
    public DateTimeOffset ToInstant(TimeZoneInfo zone) => SessionSchedule.ToInstant(Date, Time, zone);
}
