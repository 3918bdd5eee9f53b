using System.Diagnostics;

namespace CbtProgram.Web.Operations;

/// <summary>
/// The latest <see cref="OperationsSummary"/>, read at most once every few seconds (<c>Metrics:CacheSeconds</c>, default 5),
/// so that the gauges of one scrape, and scrapes close together, cost one set of queries.
/// </summary>
public sealed class OperationsSnapshot(IServiceScopeFactory scopes, IConfiguration configuration) : IDisposable
{
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(configuration.GetValue("Metrics:CacheSeconds", 5.0));
    private readonly SemaphoreSlim _reading = new(1, 1);
    private (OperationsSummary Summary, long ReadAt)? _latest;

    /// <summary>Gauges are read synchronously by the metrics library, so this blocks on the (quick, indexed) queries.</summary>
    public OperationsSummary Current()
    {
        _reading.Wait();
        try
        {
            if (_latest is { } latest && Stopwatch.GetElapsedTime(latest.ReadAt) < _lifetime)
                return latest.Summary;
            using var scope = scopes.CreateScope();
            var summary = scope.ServiceProvider.GetRequiredService<OperationsStatus>().ReadSummaryAsync().GetAwaiter().GetResult();
            _latest = (summary, Stopwatch.GetTimestamp());
            return summary;
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Dispose() => _reading.Dispose();
}
