using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Recurring jobs as Hangfire runs them: each is registered with no automatic retries (a failed run is followed by the
/// next minute's, not by ten quick retries piling up), and a run never overlaps one still going, on any node.
/// </summary>
public sealed class RecurringJobRunTests : ClockedScheduleTests
{
    [Fact]
    public void EveryRecurringJob_IsRegistered_WithNoAutomaticRetries()
    {
        using var connection = Site.Services.GetRequiredService<JobStorage>().GetConnection();
        var registered = connection.GetRecurringJobs();
        Assert.Equal(RecurringJobs.All.Select(j => j.Id).Order(), registered.Select(j => j.Id).Order());
        foreach (var recurring in registered)
        {
            // The filters Hangfire itself will apply to this job: the global default of 10 retries must be overridden.
            var retry = Assert.Single(JobFilterProviders.Providers.GetFilters(recurring.Job).Select(f => f.Instance).OfType<AutomaticRetryAttribute>());
            Assert.True(retry.Attempts == 0, $"{recurring.Id} keeps {retry.Attempts} automatic retries.");
        }
    }

    [Fact]
    public async Task ARunOfARecurringJob_IsSkipped_WhileAnotherRunOfItIsGoing()
    {
        var (_, enrolmentId) = await EnrolAsync("overlap@example.org", new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)));
        Clock.SetUtcNow(At(London, 2027, 3, 2, 18, 35)); // the week-1 reminder and opening are overdue

        // Another run of the sweeper (on this node or another) is still going: it holds the sweeper's lock.
        await using var other = new NpgsqlConnection(Site.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", other))
        {
            take.Parameters.AddWithValue("key", RunAlone.LockKey(RecurringJobs.Sweeper));
            await take.ExecuteScalarAsync();
        }
        Assert.Equal(0, await SweepAsHangfireWouldAsync());
        Assert.DoesNotContain(await EventsAsync(enrolmentId), e => e.Status == ScheduledEventStatus.Done);

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", other)) // that run ends
        {
            release.Parameters.AddWithValue("key", RunAlone.LockKey(RecurringJobs.Sweeper));
            Assert.Equal(true, await release.ExecuteScalarAsync());
        }
        Assert.Equal(2, await SweepAsHangfireWouldAsync());
        Assert.Equal(2, (await EventsAsync(enrolmentId)).Count(e => e.Status == ScheduledEventStatus.Done));
    }

    private async Task<int> SweepAsHangfireWouldAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecurringSchedulingJobs>().SweepAsync(CancellationToken.None);
    }
}
