namespace CbtProgram.Web.Outcomes.Research;

public static class ResearchSetup
{
    public static IServiceCollection AddCbtResearch(this IServiceCollection services) =>
        services.AddScoped<Pseudonyms>()
            .AddScoped<ResearchConsents>()
            .AddScoped<ResearchExport>()
            .AddScoped<Service.ServiceReport>();
}
