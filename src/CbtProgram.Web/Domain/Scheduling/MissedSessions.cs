namespace CbtProgram.Web.Domain.Scheduling;

/// <summary>A session counts as missed when its module is not completed by the time the next session opens.</summary>
public static class MissedSessions
{
    /// <summary>How many sessions in a row, just before <paramref name="openingWeek"/>, were not completed.</summary>
    public static int InARow(IReadOnlyCollection<int> completedWeeks, int openingWeek)
    {
        var missed = 0;
        for (var week = openingWeek - 1; week >= 1 && !completedWeeks.Contains(week); week--)
            missed++;
        return missed;
    }
}
