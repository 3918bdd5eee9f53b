using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Notifications.Push;

/// <summary>
/// A nightly window, in the patient's local time, when no notification is shown: from <see cref="From"/> until
/// <see cref="Until"/>, across midnight when From is later than Until (21:00-08:00). A notification due inside it
/// waits until it ends.
/// </summary>
public readonly record struct QuietHours(TimeOnly From, TimeOnly Until)
{
    public static readonly QuietHours None = new(default, default);

    public bool IsOn => From != Until;

    public bool Covers(TimeOnly local) =>
        IsOn && (From < Until ? local >= From && local < Until : local >= From || local < Until);

    /// <summary>The first instant at or after <paramref name="now"/> outside quiet hours in <paramref name="zone"/>.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = LocalMoment.At(now, zone);
        if (!Covers(local.Time))
            return now;
        // Inside the window: it ends at Until today, or tomorrow when the window began before midnight.
        var endDate = local.Time >= Until && From > Until ? local.Date.AddDays(1) : local.Date;
        var end = new LocalMoment(endDate, Until).ToInstant(zone);
        return end > now ? end : now;
    }
}
