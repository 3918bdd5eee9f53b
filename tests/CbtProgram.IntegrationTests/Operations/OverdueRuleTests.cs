using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>
/// What counts as overdue: still waiting, due longer ago than the sweeper's grace (a minute), in a running program. An
/// event inside the grace is its job's to run; a paused program's events wait on purpose.
/// </summary>
public sealed class OverdueRuleTests : ClockedScheduleTests
{
    [Fact]
    public async Task AnEvent_IsOverdueOnlyPastTheGrace_AndOnlyInARunningProgram()
    {
        var tuesdays = new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1));
        var (_, running) = await EnrolAsync("running@example.org", tuesdays);
        var (_, paused) = await EnrolAsync("paused@example.org", tuesdays);
        Clock.SetUtcNow(At(London, 2027, 3, 1, 18, 30)); // the week-1 reminders fall due now
        Assert.Null(await ChangeAsync(c => c.PauseAsync(paused)));

        Clock.Advance(TimeSpan.FromSeconds(59));
        var withinGrace = await SummaryAsync();
        Clock.Advance(TimeSpan.FromSeconds(2));
        var pastGrace = await SummaryAsync();

        Assert.Equal((0, null), (withinGrace.OverdueEvents, withinGrace.OldestOverdueAge));
        Assert.Equal((1, TimeSpan.FromSeconds(61)), (pastGrace.OverdueEvents, pastGrace.OldestOverdueAge)); // the running program's reminder only
        // Both still wait (no job server here): the paused one is left out by the rule, not because it ran.
        Assert.Contains((await EventAsync(paused, ScheduledEventKind.SessionReminder, 1)).Status, Waiting);
        Assert.Contains((await EventAsync(running, ScheduledEventKind.SessionReminder, 1)).Status, Waiting);
    }

    private static readonly ScheduledEventStatus[] Waiting = [ScheduledEventStatus.Pending, ScheduledEventStatus.Planned];

    private async Task<OperationsSummary> SummaryAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OperationsStatus>().ReadSummaryAsync();
    }
}
