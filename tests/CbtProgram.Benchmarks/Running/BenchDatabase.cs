using CbtProgram.Web.Data.EmbeddedServer;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// A brand-new database for one run, in a private PostgreSQL cluster started by the site's own embedded server code
/// (data in the git-ignored .data/bench, or the postgres user's home when run as root). Dropped, and the cluster
/// stopped, when disposed.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgresServer _server;
    private readonly bool _keep;

    private BenchDatabase(EmbeddedPostgresServer server, string name, bool keep)
    {
        _server = server;
        Name = name;
        _keep = keep;
        ConnectionString = server.ConnectionStringFor(name);
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public string DataDirectory => _server.DataDirectory;

    public static async Task<BenchDatabase> CreateAsync(ILogger logger, bool keep)
    {
        var server = await EmbeddedPostgresServer.StartAsync(Path.Combine(RepositoryPaths.Root, ".data", "bench"), "postgres", logger);
        var name = $"cbt_bench_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{Guid.NewGuid():N}"[..30];
        await server.CreateDatabaseAsync(name);
        return new BenchDatabase(server, name, keep);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_keep)
            await _server.DropDatabaseAsync(Name);
        await _server.DisposeAsync();
    }
}
