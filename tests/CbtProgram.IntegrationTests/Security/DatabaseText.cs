using Npgsql;

namespace CbtProgram.IntegrationTests.Security;

/// <summary>Every value of every text-like column of every table in a site's database (Hangfire's too): what a copy of the database would give away.</summary>
public static class DatabaseText
{
    public sealed record Value(string Column, string Text);

    public static async Task<List<Value>> EveryValueAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var find = new NpgsqlCommand("""
            SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            """, connection))
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        var values = new List<Value>();
        foreach (var (schema, table, column) in columns)
        {
            await using var read = new NpgsqlCommand($"""SELECT "{column}"::text FROM "{schema}"."{table}" WHERE "{column}" IS NOT NULL""", connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                values.Add(new Value($"{schema}.{table}.{column}", reader.GetString(0)));
        }
        return values;
    }
}
