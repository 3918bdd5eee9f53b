namespace CbtProgram.Web.Journey;

public static class JourneySetup
{
    public static IServiceCollection AddCbtJourney(this IServiceCollection services) =>
        services.AddScoped<ModuleOpening>();
}
