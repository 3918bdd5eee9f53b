using System.Net;
using System.Text.Json;
using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>
/// /healthz's operations check: Healthy while job servers are alive and nothing is late or given up on; Degraded (still
/// 200, with the reason) with a dead letter, or with no job server alive.
/// </summary>
public sealed class OperationsHealthTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Healthz_WithAJobServerAliveAndNothingLate_IsHealthy_AndADeadLetterMakesItDegraded()
    {
        await _site.InitializeAsync();

        var (status, healthy) = await UntilAsync(check => check.Status == "Healthy");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", healthy.Overall);

        await AddDeadLetterAsync();
        var (degradedStatus, degraded) = await ReadAsync();

        Assert.Equal(HttpStatusCode.OK, degradedStatus); // Degraded still answers 200: the site works
        Assert.Equal(("Degraded", "Degraded"), (degraded.Overall, degraded.Status));
        Assert.Contains("1 email was given up on (dead-lettered) and waits for an admin.", degraded.Description);
        Assert.DoesNotContain("job server", degraded.Description);
    }

    [Fact]
    public async Task Healthz_WithNoJobServerAlive_IsDegraded()
    {
        await _site.WithSetting("Jobs:RunServer", "false").InitializeAsync();

        var (status, check) = await ReadAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Degraded", "Degraded"), (check.Overall, check.Status));
        Assert.Contains("No job server has sent a heartbeat in the last 2 minutes", check.Description);
    }

    private async Task AddDeadLetterAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var message = new OutboxMessage("health:dead", "nobody@example.org", "CbtProgram: you have a message", "Sign in.", MailPriority.Notice, DateTimeOffset.UtcNow);
        message.Fail("550 5.1.1 No such mailbox", DateTimeOffset.UtcNow, hopeless: true, jitter: 0);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
    }

    private sealed record OperationsCheck(string Overall, string Status, string Description);

    /// <summary>A job server announces itself a moment after the site starts: wait for it, up to 30 seconds.</summary>
    private async Task<(HttpStatusCode, OperationsCheck)> UntilAsync(Func<OperationsCheck, bool> wanted)
    {
        for (var tries = 0; ; tries++)
        {
            var (status, check) = await ReadAsync();
            if (wanted(check) || tries == 60)
                return (status, check);
            await Task.Delay(500);
        }
    }

    private async Task<(HttpStatusCode, OperationsCheck)> ReadAsync()
    {
        var response = await _site.CreateClient().GetAsync("/healthz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operations = json.RootElement.GetProperty("checks").GetProperty("operations");
        return (response.StatusCode, new OperationsCheck(json.RootElement.GetProperty("status").GetString()!,
            operations.GetProperty("status").GetString()!, operations.GetProperty("description").GetString() ?? ""));
    }
}
