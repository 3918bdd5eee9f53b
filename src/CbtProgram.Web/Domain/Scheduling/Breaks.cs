namespace CbtProgram.Web.Domain.Scheduling;

/// <summary>How far a break moves the sessions still to come.</summary>
public static class Breaks
{
    private const int DaysPerWeek = 7;

    /// <summary>
    /// The whole weeks the rest of the schedule moves on when a break ends at <paramref name="resumedAt"/>: the fewest
    /// that bring the next session to come (<paramref name="nextSession"/>, at its local moment) after the break, so the
    /// patient's usual day and time are kept and no session falls inside the break. A break that missed no session
    /// moves nothing. With no session to come (only the follow-up is left), the weeks the break lasted (a part-week
    /// counts as one).
    /// </summary>
    public static int WeeksToMove(LocalMoment? nextSession, TimeZoneInfo zone, DateTimeOffset pausedAt, DateTimeOffset resumedAt)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (resumedAt < pausedAt)
            throw new ArgumentException("A break cannot end before it began.", nameof(resumedAt));
        if (nextSession is not { } next)
            return (int)Math.Ceiling((resumedAt - pausedAt).TotalDays / DaysPerWeek);
        var weeks = 0;
        while (next.AddDays(DaysPerWeek * weeks).ToInstant(zone) <= resumedAt)
            weeks++;
        return weeks;
    }
}
