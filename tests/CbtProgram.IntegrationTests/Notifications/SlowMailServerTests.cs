using System.Diagnostics;
using System.Net;
using CbtProgram.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CbtProgram.IntegrationTests.Notifications;

/// <summary>
/// A mail server that takes two seconds over each message, while an admin keeps requesting pages: the pages keep
/// answering, and no database transaction (with its pooled connection) is held open while the site waits for SMTP.
/// </summary>
public sealed class SlowMailServerTests : IAsyncLifetime
{
    private static readonly TimeSpan PerMessage = TimeSpan.FromSeconds(2);
    private readonly SmtpListener _smtp = new SmtpListener { DelayPerMessage = PerMessage }.Start();
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .InitializeAsync();

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    [Fact]
    public async Task WhileTheServerTakesSecondsPerMessage_PagesKeepAnswering_AndNoTransactionWaitsOnIt()
    {
        const int count = 4;
        for (var i = 0; i < count; i++)
            await InScopeAsync(s => s.GetRequiredService<Outbox>().EnqueueAsync($"message:slow-{i}:email", $"slow{i}@example.org", "CbtProgram", "Sign in.", deliverNow: false));
        var admin = await _site.SignedInAsAsync("admin@example.org");
        await using var watcher = new NpgsqlConnection(_site.ConnectionString);
        await watcher.OpenAsync();

        var delivery = Task.Run(() => InScopeAsync(s => s.GetRequiredService<OutboxDelivery>().DeliverPendingAsync()));
        var pages = 0;
        var slowest = TimeSpan.Zero;
        var heldOpen = new List<string>();
        while (!delivery.IsCompleted)
        {
            var watch = Stopwatch.StartNew();
            var page = await admin.GetAsync("/admin/mail?status=waiting");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            pages++;
            heldOpen.AddRange(await TransactionsLeftOpenAsync(watcher));
            await Task.Delay(100);
        }
        var sent = await delivery;

        Assert.Equal(count, sent);
        Assert.Equal(count, _smtp.Messages.Count);
        Assert.Empty(heldOpen);
        Assert.True(pages >= 5, $"only {pages} pages were answered during {count * PerMessage.TotalSeconds} s of sending");
        Assert.True(slowest < PerMessage * count, $"a page took {slowest}, as long as the sending");
    }

    /// <summary>Backends of the site's database idle inside a transaction for half a second or more: waiting on something else.</summary>
    private static async Task<List<string>> TransactionsLeftOpenAsync(NpgsqlConnection watcher)
    {
        await using var find = new NpgsqlCommand("""
            SELECT query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND state LIKE 'idle in transaction%' AND clock_timestamp() - state_change > interval '500 milliseconds'
            """, watcher);
        await using var reader = await find.ExecuteReaderAsync();
        var found = new List<string>();
        while (await reader.ReadAsync())
            found.Add(reader.GetString(0));
        return found;
    }
}
