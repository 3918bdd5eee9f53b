namespace CbtProgram.Benchmarks.Running;

/// <summary>One benchmark: a name on the command line, its options, and a run that returns the figures it measured.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    IReadOnlyList<BenchmarkOption> Options { get; }

    Task<IReadOnlyList<Figure>> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken);
}

public sealed record BenchmarkOption(string Name, string Default, string Help);

/// <summary>One line of the result table; <see cref="Passed"/> is null for a figure that has no target.</summary>
public sealed record Figure(string Name, string Measured, string Target = "", bool? Passed = null);
