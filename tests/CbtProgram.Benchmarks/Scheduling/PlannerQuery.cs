using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>
/// Catches the SQL the product's EventPlanner really sends (text and parameters), so its plan can be shown with
/// EXPLAIN (ANALYZE) without a copy of the query that could drift from the code.
/// </summary>
public sealed partial class PlannerQuery : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private (string Text, NpgsqlParameter[] Parameters)? _last;

    public bool Seen
    {
        get
        {
            lock (_gate)
                return _last is not null;
        }
    }

    public (string Text, NpgsqlParameter[] Parameters) Last
    {
        get
        {
            lock (_gate)
                return _last ?? throw new InvalidOperationException("The planner has not run yet, so its query is unknown.");
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        // The planner's batch: pending events by due time, locked as taken (the dispatcher's claims lock enrolments).
        if (command.CommandText.Contains("SELECT s.* FROM scheduled_events s", StringComparison.Ordinal)
            && command.CommandText.Contains("FOR UPDATE OF s SKIP LOCKED", StringComparison.Ordinal))
        {
            var parameters = command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray();
            lock (_gate)
                _last = (command.CommandText, parameters);
        }
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>
    /// The plan of the last captured query, run for real (ANALYZE, row locks included) and rolled back. The
    /// enrolment parameter can be cleared (every enrolment, as the recurring planner asks) and the horizon moved.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(string connectionString, bool allEnrolments, DateTimeOffset? until)
    {
        var (text, parameters) = Last;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {text}", connection, transaction);
        foreach (var parameter in parameters)
        {
            var copy = parameter.Clone();
            if (allEnrolments && copy.NpgsqlDbType == NpgsqlDbType.Uuid)
                copy.Value = DBNull.Value;
            if (until is { } horizon && copy.NpgsqlDbType == NpgsqlDbType.TimestampTz)
                copy.Value = horizon;
            explain.Parameters.Add(copy);
        }
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));
        }
        await transaction.RollbackAsync();
        return plan;
    }

    /// <summary>How the plan reads scheduled_events: "index IX_..., 0.05 ms", or "Seq Scan (NO INDEX), ..." when it reads it all.</summary>
    public static string Summary(IReadOnlyList<string> plan)
    {
        var nodes = plan.Select(l => l.Trim().TrimStart('-', '>', ' ')).ToList();
        var index = nodes.Select(l => IndexName().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        var read = index is not null ? $"index {index}"
            : nodes.Any(l => l.StartsWith("Seq Scan on scheduled_events", StringComparison.Ordinal)) ? "Seq Scan (NO INDEX)" : "no scan of scheduled_events found";
        var time = nodes.FirstOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal))?.ToLowerInvariant() ?? "";
        return $"{read}; {time}";
    }

    [GeneratedRegex("""(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:Backward )?(?:using|on) "?([A-Za-z0-9_]+)"?""")]
    private static partial Regex IndexName();
}
