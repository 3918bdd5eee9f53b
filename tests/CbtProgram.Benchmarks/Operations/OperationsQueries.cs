using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CbtProgram.Benchmarks.Operations;

/// <summary>
/// Catches the SQL the operations code really sends (text and parameters) while <see cref="Capturing"/> is on, so each
/// query's plan can be shown with EXPLAIN (ANALYZE, BUFFERS) without a copy that could drift from the code.
/// </summary>
public sealed partial class OperationsQueries : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private readonly List<(string Text, NpgsqlParameter[] Parameters)> _seen = [];

    public bool Capturing { get; set; }

    public IReadOnlyList<(string Text, NpgsqlParameter[] Parameters)> Take()
    {
        lock (_gate)
        {
            var seen = _seen.ToList();
            _seen.Clear();
            return seen;
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Capturing)
        {
            var parameters = command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray();
            lock (_gate)
                _seen.Add((command.CommandText, parameters));
        }
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>The plan of one captured query, run for real.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(string connectionString, (string Text, NpgsqlParameter[] Parameters) query)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {query.Text}", connection);
        foreach (var parameter in query.Parameters)
            explain.Parameters.Add(parameter.Clone());
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(0));
        return plan;
    }

    /// <summary>The scans a plan uses, such as "Index Only Scan using IX_x on scheduled_events", and its execution time.</summary>
    public static (IReadOnlyList<string> Scans, string Time) Summary(IReadOnlyList<string> plan)
    {
        var scans = plan.Select(l => Scan().Match(l)).Where(m => m.Success).Select(m => m.Value.Replace("\"", "", StringComparison.Ordinal))
            .Distinct().ToList();
        var time = plan.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal)) ?? "";
        return (scans, time.Replace("Execution Time: ", "", StringComparison.Ordinal));
    }

    /// <summary>Whether a plan reads either large table from end to end.</summary>
    public static bool ReadsLargeTableSequentially(IEnumerable<string> scans) =>
        scans.Any(s => s.Replace("Parallel ", "", StringComparison.Ordinal) is "Seq Scan on scheduled_events" or "Seq Scan on outbox_messages");

    [GeneratedRegex("""(?:Parallel )?(?:Seq Scan on "?[A-Za-z0-9_]+"?|(?:Index Scan|Index Only Scan)(?: Backward)? using "?[A-Za-z0-9_]+"? on "?[A-Za-z0-9_]+"?|Bitmap Index Scan on "?[A-Za-z0-9_]+"?|Bitmap Heap Scan on "?[A-Za-z0-9_]+"?)""")]
    private static partial Regex Scan();
}
