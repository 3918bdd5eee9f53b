namespace CbtProgram.Testing;

/// <summary>Tests that need the only running site in the process (Hangfire's process-wide state) run in this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
