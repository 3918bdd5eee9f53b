using Npgsql;

namespace CbtProgram.IntegrationTests.Security.Requests;

/// <summary>
/// Row count and md5 of the rows of every table, to tell whether anything changed. Leaves out what reading is allowed
/// to write: audit entries (they record reads), Hangfire's tables, data-protection keys, and session bookkeeping.
/// </summary>
public static class TableFingerprint
{
    /// <summary>Tables a GET may write. Session bookkeeping tables go here when they exist.</summary>
    private static readonly string[] ReadsMayWrite = ["audit_entries", "DataProtectionKeys", "__EFMigrationsHistory", "user_sessions"];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));

        var prints = new Dictionary<string, string>();
        foreach (var table in tables.Except(ReadsMayWrite))
        {
            await using var print = new NpgsqlCommand(
                $"""SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM public."{table}" t""", connection);
            prints[table] = (string)(await print.ExecuteScalarAsync())!;
        }
        return prints;
    }

    /// <summary>The tables whose rows differ between two fingerprints.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).Order().ToList();
}
