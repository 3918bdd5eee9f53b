using CbtProgram.Web.Notifications;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>A burst of notifications queues one delivery job while that job waits, not one job per message.</summary>
public sealed class MailDeliveryTriggerTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private MailDeliveryTrigger Trigger => _site.Services.GetRequiredService<MailDeliveryTrigger>();

    private IReadOnlyList<string> QueuedDeliveries() =>
        _site.Services.GetRequiredService<JobStorage>().GetMonitoringApi()
            .EnqueuedJobs(NotificationsSetup.MailQueue, 0, 100).Where(j => j.Value.State == EnqueuedState.StateName).Select(j => j.Key).ToList();

    [Fact]
    public void Trigger_WhileItsDeliveryJobWaitsInTheQueue_QueuesNoOther()
    {
        for (var i = 0; i < 5; i++)
            Trigger.Trigger();

        Assert.Single(QueuedDeliveries());
    }

    [Fact]
    public void Trigger_OnceItsDeliveryJobHasLeftTheQueue_QueuesAnother()
    {
        Trigger.Trigger();
        var first = Assert.Single(QueuedDeliveries());
        // Started, failed or deleted: either way it may have looked at the outbox before the next message was committed.
        _site.Services.GetRequiredService<IBackgroundJobClient>().ChangeState(first, new DeletedState(), EnqueuedState.StateName);

        Trigger.Trigger();

        var queued = Assert.Single(QueuedDeliveries());
        Assert.NotEqual(first, queued);
    }
}
