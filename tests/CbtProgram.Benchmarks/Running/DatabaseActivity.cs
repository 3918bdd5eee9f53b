using Npgsql;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// PostgreSQL's own count of transactions and rows written in the database (pg_stat_database). Unlike times, these
/// do not vary with the machine's other load: per event, they show how much work each one costs the database.
/// </summary>
public sealed class DatabaseActivity(string connectionString)
{
    public sealed record Reading(long Transactions, long RowsWritten, long RowsRead);

    public async Task<Reading> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Statistics reach the shared view when a backend goes idle (at most a second late): ask for a fresh snapshot.
        await using var command = new NpgsqlCommand("""
            SELECT pg_stat_clear_snapshot();
            SELECT xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted, tup_returned + tup_fetched
            FROM pg_stat_database WHERE datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return new Reading(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public static string Describe(Reading from, Reading to, int events) =>
        $"database work: {(double)(to.Transactions - from.Transactions) / events:0.0} transactions and {(double)(to.RowsWritten - from.RowsWritten) / events:0.0} rows written per event";
}
