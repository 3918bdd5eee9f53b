namespace CbtProgram.Web.App;

public static class AppSetup
{
    /// <summary>The installable app: its cached files and the offline diary's door.</summary>
    public static IServiceCollection AddCbtApp(this IServiceCollection services) =>
        services.AddSingleton<OfflineAssets>().AddScoped<OfflineDiary>();
}
