namespace CbtProgram.Web.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddCbtAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditChain>();
        services.AddScoped<AuditSearch>();
        services.AddScoped<SecurityEvents>();
        services.AddScoped<BreakGlass>();
        services.AddHostedService<AuditSealer>();
        return services;
    }
}
