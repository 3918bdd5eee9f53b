using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.IntegrationTests.Data;

/// <summary>What a transaction has read, from PostgreSQL's own per-transaction counters: for tests of what a statement costs.</summary>
internal static class RowsRead
{
    /// <summary>Rows this transaction has read so far from these tables, whole-table and by index together.</summary>
#pragma warning disable EF1002 // the SQL is made of the callers' own table names, never of input
    public static async Task<long> InThisTransactionAsync(AppDbContext db, params IEnumerable<string> tables) =>
        await db.Database.SqlQueryRaw<long>(
            $"""
            SELECT COALESCE(sum(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0)::bigint AS "Value"
            FROM pg_stat_xact_user_tables WHERE relname IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})
            """).SingleAsync();
#pragma warning restore EF1002
}
