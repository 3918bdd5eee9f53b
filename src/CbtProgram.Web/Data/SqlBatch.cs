using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CbtProgram.Web.Data;

/// <summary>
/// Several SQL statements sent to PostgreSQL in one round trip (an <see cref="NpgsqlBatch"/>) on the context's own
/// connection and, when one is open, its transaction, so the reads see the caller's locks and uncommitted writes.
/// Counted as one command by <see cref="SqlCommandCounter"/>, as EF counts one SaveChanges batch. For hot pages that
/// would otherwise pay a round trip per kind of row; statements take positional parameters ($1, $2, ...).
/// </summary>
public sealed class SqlBatch
{
    private readonly List<(string Sql, object[] Parameters)> _statements = [];

    public SqlBatch Add(string sql, params object[] parameters)
    {
        _statements.Add((sql, parameters));
        return this;
    }

    /// <summary>
    /// Adds a statement that runs on its generic plan (<see cref="GenericPlan"/>): for a hot statement whose planning
    /// costs more than running it. Its results are read like any other's.
    /// </summary>
    public SqlBatch AddOnGenericPlan(string sql, params object[] parameters) =>
        Add(GenericPlan.Begin).Add(sql, parameters).Add(GenericPlan.End);

    /// <summary>Runs the statements and returns their results in order: read each with <see cref="Results.ReadAsync{T}"/>.</summary>
    public async Task<Results> ExecuteAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var batch = new NpgsqlBatch();
        foreach (var (sql, parameters) in _statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var parameter in parameters)
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            batch.BatchCommands.Add(command);
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
            batch.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            SqlCommandCounter.CountBatch();
            return new Results(db, batch, await batch.ExecuteReaderAsync(cancellationToken));
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            await batch.DisposeAsync();
            throw;
        }
    }

    /// <summary>The batch's result sets, one after another; disposing it closes the reader and gives the connection back to EF.</summary>
    public sealed class Results(AppDbContext db, NpgsqlBatch batch, DbDataReader reader) : IAsyncDisposable
    {
        private bool _started;

        /// <summary>Every row of the next result set, mapped.</summary>
        public async Task<List<T>> ReadAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken = default)
        {
            if (_started)
                await NextResultAsync(cancellationToken);
            _started = true;
            while (IsGenericPlanSetting())
                await NextResultAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(map(reader));
            return rows;
        }

        private async Task NextResultAsync(CancellationToken cancellationToken)
        {
            if (!await reader.NextResultAsync(cancellationToken))
                throw new InvalidOperationException("The batch has no more results.");
        }

        /// <summary>Whether the current result is <see cref="GenericPlan.Begin"/>'s, which the caller did not ask for.</summary>
        private bool IsGenericPlanSetting() => reader.FieldCount == 1 && reader.GetName(0) == GenericPlan.ResultName;

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await batch.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}
