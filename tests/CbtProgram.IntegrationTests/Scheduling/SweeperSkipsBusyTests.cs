using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// A worker stuck while it holds an enrolment (a hung dispatch, a long schedule change) must not hold up the sweep:
/// the sweeper passes over what someone else holds (SKIP LOCKED) and deals with everybody else, and comes back to it
/// at the next sweep.
/// </summary>
public sealed class SweeperSkipsBusyTests : ClockedScheduleTests
{
    [Fact]
    public async Task AnEnrolmentHeldByAnotherWorker_IsPassedOver_AndTheRestAreSwept()
    {
        var preferences = new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1));
        var (_, held) = await EnrolAsync("held@example.org", preferences with { LocalTime = new TimeOnly(18, 0) }); // due first
        var (_, free) = await EnrolAsync("free@example.org", preferences);
        Clock.SetUtcNow(At(London, 2027, 3, 2, 18, 35));

        // Another worker holds the first enrolment's row, as a dispatch or a schedule change does, and does not let go.
        await using var other = new NpgsqlConnection(Site.ConnectionString);
        await other.OpenAsync();
        await using var hold = await other.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("""SELECT 1 FROM enrolments WHERE "Id" = @id FOR UPDATE""", other, hold))
        {
            command.Parameters.AddWithValue("id", held);
            await command.ExecuteScalarAsync();
        }

        var sweep = SweepAsync();
        var finished = await Task.WhenAny(sweep, Task.Delay(TimeSpan.FromSeconds(20)));
        var sweptWhileHeld = finished == sweep;
        await hold.RollbackAsync(); // let go, so a sweep that waited can finish and the test can end either way
        Assert.True(sweptWhileHeld, "The sweep waited for the held enrolment instead of passing over it.");
        Assert.Equal(2, await sweep); // the free patient's reminder and opening

        Assert.All((await EventsAsync(free)).Where(e => e.DueAt <= Clock.GetUtcNow()), e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
        var heldDue = (await EventsAsync(held)).Where(e => e.DueAt <= Clock.GetUtcNow()).ToList();
        Assert.Equal(2, heldDue.Count);
        Assert.All(heldDue, e => Assert.Equal((ScheduledEventStatus.Planned, 0, null), (e.Status, e.Attempts, e.LastError))); // passed over, not failed

        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await SweepAsync()); // the next sweep, once nobody holds it
        Assert.All((await EventsAsync(held)).Where(e => e.DueAt <= Clock.GetUtcNow()), e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
    }
}
