using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace CbtProgram.Web.Data.EmbeddedServer;

/// <summary>
/// A private PostgreSQL cluster started from the machine's server binaries: initialised on first use,
/// reused afterwards, listening on its own loopback port, and stopped when disposed.
/// </summary>
public sealed class EmbeddedPostgresServer : IAsyncDisposable
{
    private const string SuperUser = "cbt";
    // Each site holds an EF pool and Hangfire's connections; tests run many sites against one cluster at once.
    private const int MaxConnections = 400;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresBinaries _binaries;
    private readonly ClusterFolder _folder;
    private readonly ILogger _logger;

    /// <summary>
    /// Whether this process started the server, and so stops it when disposed. A server it found running belongs to
    /// whoever started it: the running site, when a one-off command such as <c>audit verify</c> uses it beside the site,
    /// so it is left running (one a crashed run left behind stays up too, for the next run to adopt).
    /// </summary>
    private bool _startedHere;

    private EmbeddedPostgresServer(PostgresBinaries binaries, ClusterFolder folder, ILogger logger)
    {
        _binaries = binaries;
        _folder = folder;
        _logger = logger;
    }

    public int Port { get; private set; }
    public string DataDirectory => _folder.DataDirectory;

    /// <summary>Starts (initialising if needed) the cluster for a project data folder and ensures the database exists.</summary>
    public static async Task<EmbeddedPostgresServer> StartAsync(string projectDataFolder, string database, ILogger logger)
    {
        var binaries = PostgresBinaries.Find() ?? throw new EmbeddedServerException(
            "No PostgreSQL server was found: install PostgreSQL (for example 'apt-get install postgresql') or set ConnectionStrings__Cbt to a PostgreSQL server you run.");
        var server = new EmbeddedPostgresServer(binaries, ClusterFolder.For(Path.GetFullPath(projectDataFolder)), logger);
        await server.StartAsync(database);
        return server;
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = File.ReadAllText(_folder.PasswordFile).Trim(),
        Database = database,
    }.ConnectionString;

    private async Task StartAsync(string database)
    {
        PrepareFolder();
        if (!File.Exists(Path.Combine(_folder.DataDirectory, "PG_VERSION")))
            InitialiseCluster();

        if (!await AdoptRunningServerAsync())
        {
            ClearStaleLock();
            Port = ChoosePort();
            var started = Ctl("start", "-w", "-t", "60", "-l", _folder.LogFile,
                "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections={MaxConnections}");
            if (started.ExitCode != 0)
                throw new EmbeddedServerException($"PostgreSQL did not start ({LastLogLine()}); its log is {_folder.LogFile}.");
            _startedHere = true;
        }
        await CreateDatabaseAsync(database);
        _logger.LogInformation("Embedded PostgreSQL is running on port {Port} with data in {DataDirectory}", Port, _folder.DataDirectory);
    }

    private void PrepareFolder()
    {
        try
        {
            Directory.CreateDirectory(_folder.Root);
            var probe = Path.Combine(_folder.Root, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            if (_folder.RunAs is not null)
                Chown(_folder.Root);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new EmbeddedServerException($"The database folder {_folder.Root} is not writable: give this user write access to it, or set ConnectionStrings__Cbt.");
        }
    }

    private void InitialiseCluster()
    {
        // A crash during an earlier initdb leaves a half-made folder: start it again from nothing.
        if (Directory.Exists(_folder.DataDirectory))
            Directory.Delete(_folder.DataDirectory, recursive: true);
        File.WriteAllText(_folder.PasswordFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_folder.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (_folder.RunAs is not null)
            Chown(_folder.PasswordFile);

        _logger.LogInformation("Creating the embedded PostgreSQL cluster in {DataDirectory}", _folder.DataDirectory);
        var result = ProcessRunner.Run(_binaries.InitDb,
            ["-D", _folder.DataDirectory, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={_folder.PasswordFile}",
             "--encoding=UTF8", "--locale=C", "--no-instructions"],
            _folder.RunAs, _folder.Root, CommandTimeout);
        if (result.ExitCode != 0)
            throw new EmbeddedServerException($"PostgreSQL could not create its data folder: {FirstLine(result.Output)}");
    }

    /// <summary>A server left running by a run that crashed is still ours: use it rather than fight it.</summary>
    private async Task<bool> AdoptRunningServerAsync()
    {
        if (!File.Exists(Path.Combine(_folder.DataDirectory, "postmaster.pid")) || !File.Exists(_folder.PortFile))
            return false;
        Port = int.Parse(File.ReadAllText(_folder.PortFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Timeout=3");
            await connection.OpenAsync();
            _logger.LogInformation("Reusing the embedded PostgreSQL server left running on port {Port}", Port);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private void ClearStaleLock()
    {
        var lockFile = Path.Combine(_folder.DataDirectory, "postmaster.pid");
        if (!File.Exists(lockFile))
            return;
        // Stops a live server that does not answer; otherwise the lock names a dead process.
        if (Ctl("stop", "-m", "immediate", "-w", "-t", "30").ExitCode != 0 && File.Exists(lockFile))
        {
            _logger.LogWarning("Removing a stale PostgreSQL lock file left by an earlier run");
            File.Delete(lockFile);
        }
    }

    private int ChoosePort()
    {
        if (File.Exists(_folder.PortFile)
            && int.TryParse(File.ReadAllText(_folder.PortFile).Trim(), out var saved) && IsFree(saved))
            return saved;

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        File.WriteAllText(_folder.PortFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Creates the database unless it exists already.</summary>
    public async Task CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Drops a database made for a test; used by test fixtures.</summary>
    public async Task DropDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.Replace("\"", "", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        if (_startedHere)
        {
            _startedHere = false;
            NpgsqlConnection.ClearAllPools();
            var stopped = Ctl("stop", "-m", "fast", "-w", "-t", "60");
            if (stopped.ExitCode == 0)
                _logger.LogInformation("Embedded PostgreSQL stopped");
            else
                _logger.LogWarning("Embedded PostgreSQL did not stop cleanly: {Output}", FirstLine(stopped.Output));
        }
        return ValueTask.CompletedTask;
    }

    private ProcessRunner.Result Ctl(params string[] args) =>
        ProcessRunner.Run(_binaries.PgCtl, [.. args, "-D", _folder.DataDirectory], _folder.RunAs, _folder.Root, CommandTimeout);

    private void Chown(string path)
    {
        var result = ProcessRunner.Run("chown", [$"{_folder.RunAs}:", path], null, null, CommandTimeout);
        if (result.ExitCode != 0)
            throw new EmbeddedServerException($"Could not hand {path} to the '{_folder.RunAs}' user: {FirstLine(result.Output)}");
    }

    private string LastLogLine() =>
        File.Exists(_folder.LogFile)
            ? File.ReadLines(_folder.LogFile).LastOrDefault(l => l.Trim().Length > 0) ?? "no log"
            : "no log";

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
