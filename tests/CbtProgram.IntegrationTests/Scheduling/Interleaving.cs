namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// Forces two writers into one order: the first runs until it is about to commit (<see cref="CommitGate"/>, or another
/// gate such as <see cref="SaveGate"/>), then the second until it finishes or waits on a lock (PostgreSQL's own view of
/// who waits), then the first goes on.
/// </summary>
internal static class Interleaving
{
    /// <summary>Both results, and whether the second finished while the first still held its locks (it never waited).</summary>
    public static async Task<(T1 First, T2 Second, bool SecondFinishedFirst)> RunAsync<T1, T2>(Func<Task<T1>> first, Func<Task<T2>> second,
        Func<Task<int>> lockWaiters, Action<CommitBarrier>? holdFirst = null)
    {
        var barrier = new CommitBarrier();
        var firstRun = Task.Run(async () =>
        {
            (holdFirst ?? CommitGate.HoldNextCommitHere)(barrier);
            return await first();
        });
        await barrier.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var secondRun = Task.Run(second);
        await WaitUntilDoneOrBlockedAsync(secondRun, lockWaiters);
        var secondFinishedFirst = secondRun.IsCompleted;
        barrier.Release();
        return (await firstRun, await secondRun, secondFinishedFirst);
    }

    private static async Task WaitUntilDoneOrBlockedAsync(Task task, Func<Task<int>> lockWaiters)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (await lockWaiters() > 0)
                return;
            await Task.Delay(20);
        }
        Assert.True(task.IsCompleted, "The second writer neither finished nor waited on a lock within 30 s.");
    }
}
