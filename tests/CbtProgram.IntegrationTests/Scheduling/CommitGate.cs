using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Forces an interleaving: a transaction started in a flow that called <see cref="HoldNextCommitHere"/> stops just
/// before its COMMIT (it has taken its locks and written its rows) until the test releases it. Other flows pass.
/// </summary>
internal sealed class CommitGate : DbTransactionInterceptor
{
    private static readonly AsyncLocal<CommitBarrier?> Held = new();

    public static void HoldNextCommitHere(CommitBarrier barrier) => Held.Value = barrier;

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Held.Value is { } barrier)
            await barrier.HoldAsync();
        return result;
    }
}

/// <summary>Holds the first commit that reaches it until released; later commits pass.</summary>
internal sealed class CommitBarrier
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _used;

    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public async Task HoldAsync()
    {
        if (Interlocked.Exchange(ref _used, 1) != 0)
            return;
        _reached.TrySetResult();
        await _released.Task;
    }
}
