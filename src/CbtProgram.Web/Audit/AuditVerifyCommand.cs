namespace CbtProgram.Web.Audit;

/// <summary>
/// <c>dotnet CbtProgram.Web.dll audit verify</c>: recomputes the audit chain against the configured database and prints
/// the result; exits 0 when the chain is intact and 3 when it names an entry that does not match.
/// </summary>
public static class AuditVerifyCommand
{
    public const int BrokenExitCode = 3;

    public static bool Matches(string[] args) => args is ["audit", "verify", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync();
        await output.WriteLineAsync(result.Describe());
        return result.Intact ? 0 : BrokenExitCode;
    }
}
