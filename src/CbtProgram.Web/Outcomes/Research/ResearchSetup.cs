namespace CbtProgram.Web.Outcomes.Research;

public static class ResearchSetup
{
    public static IServiceCollection AddCbtResearch(this IServiceCollection services) =>
        services.AddScoped<Pseudonyms>()
            .AddScoped<ResearchConsents>()
            .AddScoped<ResearchExport>()
            .AddScoped<Service.ServiceReport>();

    /// <summary>
    /// Makes the default export key at start-up if there is none, so opening or downloading an export (a GET) never
    /// writes; the key is still made on first use, race-safe, where start-up has not run it (several nodes starting at once).
    /// </summary>
    public static async Task EnsureDefaultExportKeyAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Pseudonyms>().StoreDefaultKeyAsync();
    }
}
