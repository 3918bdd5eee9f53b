using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// The whole scheduling engine run on a fake clock, as Hangfire would run it on a real one: at each step the recurring
/// planner, then every delayed job whose time has come (an event the planner gave a job, dispatched at its due time),
/// then the recurring sweeper. The clock moves to the next event due, or on by at most <see cref="MaxStep"/>, so the
/// planner looks at the schedule at least that often. A patient who does each week's module on the day it opens can
/// be switched on.
/// </summary>
internal sealed class ScheduleEngine(CbtWebApplicationFactory site, FakeTimeProvider clock)
{
    public static readonly TimeSpan MaxStep = TimeSpan.FromHours(6);

    /// <summary>Completes every opened module an hour after it opened, as a patient keeping up would.</summary>
    public Guid? DiligentPatientId { get; set; }

    public async Task RunUntilAsync(DateTimeOffset until)
    {
        while (true)
        {
            await StepAsync();
            var next = await NextDueAsync();
            var step = next is { } due && due - clock.GetUtcNow() < MaxStep ? due : clock.GetUtcNow() + MaxStep;
            if (step > until)
                break;
            clock.SetUtcNow(step);
        }
        clock.SetUtcNow(until);
        await StepAsync();
    }

    private async Task StepAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        await services.GetRequiredService<EventPlanner>().PlanAsync();
        var now = clock.GetUtcNow();
        var jobsDue = await db.ScheduledEvents.AsNoTracking()
            .Where(e => e.Status == ScheduledEventStatus.Planned && e.DueAt <= now).OrderBy(e => e.DueAt).Select(e => e.Id).ToListAsync();
        foreach (var id in jobsDue)
        {
            await using var job = site.Services.CreateAsyncScope();
            await job.ServiceProvider.GetRequiredService<EventDispatchJob>().RunAsync(id);
        }
        await services.GetRequiredService<EventSweeper>().SweepAsync();
        if (DiligentPatientId is { } patientId)
            await CompleteOpenedModulesAsync(patientId);
    }

    private async Task CompleteOpenedModulesAsync(Guid patientId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var open = await db.PatientModules.Where(m => m.PatientId == patientId && m.CompletedAt == null).ToListAsync();
        foreach (var module in open)
            module.Complete(module.OpenedAt.AddHours(1));
        await db.SaveChangesAsync();
    }

    private async Task<DateTimeOffset?> NextDueAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var now = clock.GetUtcNow();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduledEvents.AsNoTracking()
            .Where(e => (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned) && e.DueAt > now)
            .MinAsync(e => (DateTimeOffset?)e.DueAt);
    }

    /// <summary>A Hangfire job that fires although the schedule changed (its deletion lost, or a second node's copy).</summary>
    public async Task<bool> FireStrayJobAsync(Guid eventId)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventDispatcher>().DispatchAsync(eventId);
    }
}
