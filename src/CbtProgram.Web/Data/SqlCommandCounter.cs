using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CbtProgram.Web.Data;

/// <summary>
/// Counts the SQL commands each request sends, so tests and the load benchmark can prove a page's query count does
/// not grow with its data. The savepoints EF makes, releases and rolls back to on its own around a SaveChanges inside a
/// transaction are statements of their own, one round trip each, and are counted too. With <c>Diagnostics:SqlCommandHeader</c> on,
/// responses carry the count in <c>X-Sql-Commands</c> and the time the server spent in <c>Server-Timing</c> (off by
/// default: it is for measuring, not for production).
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Header = "X-Sql-Commands";
    private static readonly AsyncLocal<StrongBox> Current = new();

    private sealed class StrongBox
    {
        public int Count;
    }

    /// <summary>Starts counting for the current request (an async flow); returns a reader of the count so far.</summary>
    public static Func<int> Start()
    {
        var box = new StrongBox();
        Current.Value = box;
        return () => Volatile.Read(ref box.Count);
    }

    /// <summary>Counts a command sent outside EF (a <see cref="SqlBatch"/>: one round trip, like one SaveChanges batch).</summary>
    public static void CountBatch() => Count();

    private static void Count()
    {
        if (Current.Value is { } box)
            Interlocked.Increment(ref box.Count);
    }

    private static T Counted<T>(T result)
    {
        Count();
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Counted(result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Counted(result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Counted(result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Counted(result);

    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Counted(result);

    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Counted(result);

    public ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));
}

public static class SqlCommandCounterSetup
{
    /// <summary>Adds the count header to every response when <c>Diagnostics:SqlCommandHeader</c> is true.</summary>
    public static IApplicationBuilder UseSqlCommandHeader(this IApplicationBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue("Diagnostics:SqlCommandHeader", false))
            return app;
        return app.Use(async (context, next) =>
        {
            var count = SqlCommandCounter.Start();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                var culture = System.Globalization.CultureInfo.InvariantCulture;
                context.Response.Headers[SqlCommandCounter.Header] = count().ToString(culture);
                context.Response.Headers["Server-Timing"] = $"app;dur={System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", culture)}";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
