using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Audit;

/// <summary>
/// Seals the audit entries waiting to be chained (<see cref="AuditChainSql.SealInBatches"/>) every
/// <c>Audit:SealMilliseconds</c> (1,000 by default), on every node; the chain's lock makes nodes take turns, and a node
/// that finds nothing waiting costs one short query.
/// </summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<AuditSealer> logger) : BackgroundService
{
    /// <summary>The most entries one transaction seals; a backlog (the sealer was stopped) is sealed a batch at a time.</summary>
    private const int BatchSize = 5000;

    public TimeSpan Interval => TimeSpan.FromMilliseconds(configuration.GetValue("Audit:SealMilliseconds", 1000.0));

    /// <summary>Seals every entry waiting now; returns how many. The verify command and the audit page call it before they read.</summary>
    public static async Task<int> SealAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var total = 0;
        int sealedNow;
        do
        {
            sealedNow = await db.Database.SqlQuery<int>($"SELECT audit_seal({BatchSize}) AS \"Value\"").SingleAsync(cancellationToken);
            total += sealedNow;
        }
        while (sealedNow == BatchSize);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await SealAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database is unreachable for now: the entries wait (unchangeable, as ever) and are sealed next time.
                logger.LogError(e, "Sealing the audit trail failed; trying again in {Milliseconds} ms", Interval.TotalMilliseconds);
            }
        }
    }
}
