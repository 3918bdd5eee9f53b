namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// <c>dotnet run --project src/CbtProgram.Web -- outcomes rebuild</c>: recomputes every patient's stored outcome summary
/// (after a change to a measure's outcome rules, or to repair), prints how many patients it covered, exits 0.
/// </summary>
public static class OutcomesRebuildCommand
{
    public static bool Matches(string[] args) => args is ["outcomes", "rebuild", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var patients = await scope.ServiceProvider.GetRequiredService<PatientOutcomeStore>().RebuildAllAsync();
        await output.WriteLineAsync($"Outcome summaries rebuilt for {patients} patient(s).");
        return 0;
    }
}
