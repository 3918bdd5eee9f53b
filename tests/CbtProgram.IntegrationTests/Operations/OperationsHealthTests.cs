using System.Net;
using System.Text.Json;
using CbtProgram.Web.Audit;
using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>
/// /healthz's operations check: Healthy while job servers are alive and nothing is late or given up on; Degraded (still
/// 200, with the reason) with a dead letter, with no job server alive, or with an audit entry long unsealed.
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

    [Fact]
    public async Task Healthz_WithAnAuditEntryLeftUnsealed_IsDegraded_UntilItIsSealed()
    {
        // A sealer that never comes round (as when no node runs one), and an entry written ten minutes ago.
        await _site.WithSetting("Audit:SealMilliseconds", "86400000").InitializeAsync();
        await UntilAsync(check => check.Status == "Healthy");
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO audit_entries ("Id", "At", "ActorId", "Action") VALUES (gen_random_uuid(), now() - interval '10 minutes', 'system', 'health test')
                """);
        }

        var (status, waiting) = await ReadAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", waiting.Status);
        Assert.Contains("The oldest audit entry waiting to be sealed into the chain has waited 10 minutes (the limit is 5 minutes)", waiting.Description);

        await using (var scope = _site.Services.CreateAsyncScope())
            await AuditSealer.SealAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        var (_, sealedAgain) = await ReadAsync();
        Assert.DoesNotContain("audit entry", sealedAgain.Description);
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
