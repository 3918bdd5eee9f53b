using System.Net;
using System.Text.Json;
using Npgsql;

namespace CbtProgram.IntegrationTests.Hosting;

public sealed class HealthTests : IAsyncLifetime
{
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Healthz_WhenDatabaseAndJobStorageAnswer_Returns200AndBothChecks()
    {
        // The operations check says Degraded until the site's own job server has sent its first heartbeat, which on a
        // busy machine can come a moment after the first request: ask again for up to 15 s.
        var client = _site.CreateClient();
        var response = await client.GetAsync("/healthz");
        for (var tries = 0; tries < 30 && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() != "Healthy"; tries++)
        {
            await Task.Delay(500);
            response = await client.GetAsync("/healthz");
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("jobStorage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_WhenTheDatabaseRefusesConnections_Returns503_WhileLivenessStaysHealthy()
    {
        var client = _site.CreateClient();
        await client.GetAsync("/healthz");
        await SetConnectionsAllowedAsync(false);
        try
        {
            var response = await client.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            var live = await client.GetAsync("/healthz/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode); // the process is alive: a liveness probe must not restart it
            Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }
    }

    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var admin = new NpgsqlConnectionStringBuilder(_site.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        var sql = $"ALTER DATABASE \"{_site.DatabaseName}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")};" +
                  (allowed ? "" : $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_site.DatabaseName}';");
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();
    }
}
