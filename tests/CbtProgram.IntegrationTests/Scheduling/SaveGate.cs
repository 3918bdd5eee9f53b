using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Forces an interleaving one step earlier than <see cref="CommitGate"/>: a flow that called <see cref="HoldNextSaveHere"/>
/// stops as its SaveChanges begins (it has read and decided, and written nothing yet) until the test releases it.
/// Other flows pass.
/// </summary>
internal sealed class SaveGate : SaveChangesInterceptor
{
    private static readonly AsyncLocal<CommitBarrier?> Held = new();

    public static void HoldNextSaveHere(CommitBarrier barrier) => Held.Value = barrier;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Held.Value is { } barrier)
            await barrier.HoldAsync();
        return result;
    }
}
