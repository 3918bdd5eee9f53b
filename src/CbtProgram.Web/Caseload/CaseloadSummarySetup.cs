namespace CbtProgram.Web.CaseloadSummary;

public static class CaseloadSummarySetup
{
    /// <summary>The summary store, and the SaveChanges hook (<see cref="PatientSummaryRefresh"/>) the data setup adds to the context.</summary>
    public static IServiceCollection AddCbtCaseloadSummaries(this IServiceCollection services) =>
        services.AddScoped<PatientSummaries>()
            .AddSingleton<PatientSummaryRefresh>();

    /// <summary>
    /// At start-up, after the migrations: stores the summary of every patient who has none (the first start after the
    /// table was added, or patients written in bulk around the site), a batch at a time; returns how many.
    /// </summary>
    public static async Task<int> BackfillPatientSummariesAsync(this IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<PatientSummaries>().BackfillMissingAsync();
        if (added > 0)
            logger.LogInformation("Stored the caseload summary of {Patients} patient(s) who had none.", added);
        return added;
    }
}

/// <summary>
/// <c>dotnet run --project src/CbtProgram.Web -- caseload rebuild</c>: recomputes every patient's stored caseload
/// summary (to repair, or after a change to what the summary holds), prints how many patients it covered, exits 0.
/// </summary>
public static class CaseloadRebuildCommand
{
    public static bool Matches(string[] args) => args is ["caseload", "rebuild", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var patients = await scope.ServiceProvider.GetRequiredService<PatientSummaries>().RebuildAllAsync();
        await output.WriteLineAsync($"Caseload summaries rebuilt for {patients} patient(s).");
        return 0;
    }
}
