namespace CbtProgram.Web.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddCbtRetention(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions())
            .AddScoped<RetentionJob>();
}
