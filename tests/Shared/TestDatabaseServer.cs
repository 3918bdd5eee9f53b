using CbtProgram.Web.Data.EmbeddedServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace CbtProgram.Testing;

/// <summary>
/// One real PostgreSQL cluster per test assembly, started the same way as the run command's embedded
/// default, in the checkout's git-ignored .data folder. Each test class gets a database of its own.
/// </summary>
public static class TestDatabaseServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgresServer? _server;

    public static async Task<EmbeddedPostgresServer> GetAsync(string name)
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is null)
            {
                var folder = Path.Combine(RepositoryRoot(), ".data", $"test-{name}");
                _server = await EmbeddedPostgresServer.StartAsync(folder, "postgres", NullLogger.Instance);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            return _server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync(string assemblyName)
    {
        var server = await GetAsync(assemblyName);
        var name = $"cbt_test_{Guid.NewGuid():N}"[..30];
        await server.CreateDatabaseAsync(name);
        return (name, server.ConnectionStringFor(name));
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CbtProgram.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Could not find CbtProgram.sln above the test folder.");
    }
}
