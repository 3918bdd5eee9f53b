using CbtProgram.Web.Data.EmbeddedServer;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CbtProgram.IntegrationTests.Data;

/// <summary>The run command's embedded cluster, in a folder of its own: first start, restart, crash recovery, a second user.</summary>
public sealed class EmbeddedPostgresServerTests : IDisposable
{
    private readonly string _projectData = Path.Combine(TestDatabaseServer.RepositoryRoot(), ".data", $"embedded-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task Start_InAFreshFolder_CreatesTheClusterAndTheDatabase_AndASecondStartKeepsTheData()
    {
        await using (var first = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance))
        {
            await ExecuteAsync(first, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42);");
        }

        await using var second = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance);
        Assert.Equal(42, await ScalarAsync(second, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task Start_AfterACrashLeftAStaleLockFile_StillStarts()
    {
        string dataDirectory;
        await using (var first = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance))
            dataDirectory = first.DataDirectory;
        // A lock file naming a process that no longer exists, as a killed server leaves behind.
        var lockFile = Path.Combine(dataDirectory, "postmaster.pid");
        await File.WriteAllTextAsync(lockFile, $"999999\n{dataDirectory}\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready\n");

        await using var second = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance);

        Assert.Equal(1, await ScalarAsync(second, "SELECT 1"));
    }

    [Fact]
    public async Task Start_WhileAServerFromACrashedRunIsStillUp_ReusesIt()
    {
        var first = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance);
        // The site was killed: nobody disposed the first server, which is still running.

        await using var second = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance);

        Assert.Equal(first.Port, second.Port);
        Assert.Equal(1, await ScalarAsync(second, "SELECT 1"));
    }

    [Fact]
    public async Task AOneOffCommand_RunBesideTheSite_LeavesTheSitesServerRunning_WhenItEnds()
    {
        // The site is running; `audit verify` (or any other one-off command) starts, finds the site's server and uses it.
        await using var site = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance);
        await using (var command = await EmbeddedPostgresServer.StartAsync(_projectData, "cbt", NullLogger.Instance))
            Assert.Equal(1, await ScalarAsync(command, "SELECT 1"));

        NpgsqlConnection.ClearAllPools();
        Assert.Equal(1, await ScalarAsync(site, "SELECT 1"));
    }

    private static async Task ExecuteAsync(EmbeddedPostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("cbt"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(EmbeddedPostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("cbt"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        var folder = ClusterFolder.For(Path.GetFullPath(_projectData));
        // Stop anything left running, then remove the test cluster.
        if (Directory.Exists(folder.DataDirectory))
        {
            var runAs = folder.RunAs is null ? "" : $"runuser -u {folder.RunAs} -- ";
            using var stop = System.Diagnostics.Process.Start("bash", ["-c", $"{runAs}pg_ctl stop -D '{folder.DataDirectory}' -m immediate >/dev/null 2>&1 || {runAs}$(ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl stop -D '{folder.DataDirectory}' -m immediate >/dev/null 2>&1; true"]);
            stop.WaitForExit();
        }
        if (Directory.Exists(folder.Root))
            Directory.Delete(folder.Root, recursive: true);
        if (Directory.Exists(_projectData))
            Directory.Delete(_projectData, recursive: true);
    }
}
