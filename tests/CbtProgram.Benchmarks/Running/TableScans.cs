using Npgsql;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// PostgreSQL's own count of sequential and index scans per table (pg_stat_all_tables). Read before and after a
/// run, it shows whether any hot query read a large table from end to end instead of using an index.
/// </summary>
public sealed class TableScans(string connectionString)
{
    public sealed record Table(string Name, long Rows, long SequentialScans, long RowsReadSequentially, long IndexScans, long IndexEntriesRead = 0)
    {
        /// <summary>Rows read sequentially plus index entries returned by its indexes' scans (index-only scans too).</summary>
        public long RowsRead => RowsReadSequentially + IndexEntriesRead;
    }

    public async Task<IReadOnlyDictionary<string, Table>> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Backends report their statistics when they go idle, within a second: wait for that, then take a fresh snapshot.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var command = new NpgsqlCommand("""
            SELECT pg_stat_clear_snapshot();
            SELECT schemaname || '.' || relname, n_live_tup, seq_scan, seq_tup_read, coalesce(idx_scan, 0),
                   coalesce((SELECT sum(i.idx_tup_read) FROM pg_stat_all_indexes i WHERE i.relid = t.relid), 0)::bigint
            FROM pg_stat_all_tables t WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var tables = new Dictionary<string, Table>();
        while (await reader.ReadAsync())
            tables[reader.GetString(0)] = new Table(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        return tables;
    }

    /// <summary>
    /// A reading that includes everything read so far: PostgreSQL 15 backends report their counters at most once a
    /// second, and an idle pooled connection may keep what it read until its next statement, which would put a
    /// catch-up's reads into the steady state that follows. The idle pooled connections are closed (a backend reports
    /// on exit), then the counters are read until two readings agree (at most 15 s). Only for a database nothing else
    /// is using meanwhile.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Table>> ReadSettledAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var last = await ReadAsync();
        for (var i = 0; i < 10; i++)
        {
            var next = await ReadAsync();
            if (next.Values.Sum(t => t.RowsRead + t.SequentialScans + t.IndexScans) == last.Values.Sum(t => t.RowsRead + t.SequentialScans + t.IndexScans))
                return next;
            last = next;
        }
        return last;
    }

    /// <summary>Tables of at least <paramref name="largeRows"/> rows that were read sequentially between two readings.</summary>
    public static IReadOnlyList<Table> LargeTablesScanned(IReadOnlyDictionary<string, Table> before, IReadOnlyDictionary<string, Table> after, long largeRows) =>
        after.Values.Where(t => t.Rows >= largeRows)
            .Select(t => before.TryGetValue(t.Name, out var b)
                ? t with { SequentialScans = t.SequentialScans - b.SequentialScans, RowsReadSequentially = t.RowsReadSequentially - b.RowsReadSequentially, IndexScans = t.IndexScans - b.IndexScans }
                : t)
            .Where(t => t.SequentialScans > 0)
            .OrderByDescending(t => t.RowsReadSequentially)
            .ToList();
}
