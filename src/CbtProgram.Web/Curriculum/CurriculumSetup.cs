using CbtProgram.Web.Curriculum.Authoring;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Curriculum.Settings;

namespace CbtProgram.Web.Curriculum;

public static class CurriculumSetup
{
    public static IServiceCollection AddCbtCurriculum(this IServiceCollection services)
    {
        services.AddSingleton<CurriculumFileStatus>();
        services.AddSingleton<ProgramCatalog>();
        services.AddSingleton<PublishedModules>();
        services.AddSingleton(sp => Audio.RecordingFolder.In(Files.CurriculumFolder.Resolve(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath)));
        services.AddScoped<CurriculumCatalog>();
        services.AddScoped<CurriculumLoader>();
        services.AddScoped<ModuleDrafts>();
        services.AddScoped<CurriculumExporter>();
        services.AddScoped<ProgramSettingsCatalog>();
        services.AddScoped<ProgramSettingsDrafts>();
        services.AddScoped<ProgramSettingsReview>();
        return services;
    }

    /// <summary>Reads curriculum/ at start-up; publishes it as version 1 into an empty database. Never throws for bad files.</summary>
    public static async Task LoadCurriculumAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CurriculumLoader>().LoadAtStartupAsync();
    }
}
