using CbtProgram.Benchmarks.Care;
using CbtProgram.Benchmarks.Load;
using CbtProgram.Benchmarks.Operations;
using CbtProgram.Benchmarks.Outcomes;
using CbtProgram.Benchmarks.Running;
using CbtProgram.Benchmarks.Scheduling;

namespace CbtProgram.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CbtProgram.Benchmarks -- &lt;benchmark&gt; [--option value ...]</c>.
/// Each benchmark is one class; add a new one to <see cref="All"/>.
/// </summary>
public static class BenchmarkProgram
{
    private static readonly IReadOnlyList<IBenchmark> All = [new SchedulingBenchmark(), new CaseloadBenchmark(), new LoadBenchmark(), new OperationsBenchmark(), new OutcomesBenchmark(), new JobsBenchmark()];

    public static async Task<int> Main(string[] args)
    {
        var output = Console.Out;
        var benchmark = args.Length > 0 ? All.FirstOrDefault(b => b.Name.Equals(args[0], StringComparison.OrdinalIgnoreCase)) : null;
        if (benchmark is null)
        {
            await WriteUsageAsync(output, args.Length > 0 && args[0] is not ("help" or "--help" or "-h") ? args[0] : null);
            return args.Length == 0 || args[0] is "help" or "--help" or "-h" ? 0 : 2;
        }
        if (!BenchmarkOptions.TryParse(args[1..], benchmark.Options, out var options, out var problem))
        {
            await output.WriteLineAsync($"{benchmark.Name}: {problem}");
            await WriteOptionsAsync(output, benchmark);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the benchmark tidily (its database is still dropped); a second one kills it.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        var figures = await benchmark.RunAsync(options, output, stop.Token);
        await output.WriteLineAsync();
        await ResultTable.WriteAsync(output, benchmark.Name, figures);
        return figures.Any(f => f.Passed == false) ? 1 : 0;
    }

    private static async Task WriteUsageAsync(TextWriter output, string? unknown)
    {
        if (unknown is not null)
            await output.WriteLineAsync($"There is no benchmark called '{unknown}'.");
        await output.WriteLineAsync("Usage: dotnet run -c Release --project tests/CbtProgram.Benchmarks -- <benchmark> [--option value ...]");
        foreach (var benchmark in All)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"  {benchmark.Name}: {benchmark.Description}");
            await WriteOptionsAsync(output, benchmark);
        }
    }

    private static async Task WriteOptionsAsync(TextWriter output, IBenchmark benchmark)
    {
        foreach (var option in benchmark.Options)
            await output.WriteLineAsync($"    --{option.Name,-18} {option.Help} (default {option.Default})");
    }
}
