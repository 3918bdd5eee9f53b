using System.Security.Cryptography;
using System.Text;
using CbtProgram.Web.Data;
using Npgsql;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// A recurring job never overlaps itself, on this node or another: each run first takes a PostgreSQL advisory lock
/// named after the job, without waiting. If a run is still going (a slow sweep, a long backlog) the new one is skipped,
/// not queued behind it, and the next minute's run tries again. The lock belongs to a connection of its own, so a
/// process that dies lets go of it at once.
/// </summary>
public sealed class RunAlone(IConfiguration configuration, ILogger<RunAlone> logger)
{
    /// <summary>Runs the work unless another run of the same job holds its lock; returns the work's result, or the default (0, null) when skipped.</summary>
    public async Task<T> RunAsync<T>(string jobId, Func<Task<T>> work)
    {
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString(DatabaseSetup.ConnectionName));
        await connection.OpenAsync();
        var key = LockKey(jobId);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", key);
            if (await take.ExecuteScalarAsync() is not true)
            {
                logger.LogInformation("Recurring job {JobId} skipped: its previous run is still going", jobId);
                return default!;
            }
        }
        try
        {
            return await work();
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", key);
            await release.ExecuteScalarAsync();
        }
    }

    /// <summary>The job's advisory lock: a stable 64-bit number from its id, the same on every node.</summary>
    public static long LockKey(string jobId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"cbtprogram:recurring-job:{jobId}")), 0);
}
