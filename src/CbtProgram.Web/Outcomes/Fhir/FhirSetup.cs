using CbtProgram.Web.Notifications;

namespace CbtProgram.Web.Outcomes.Fhir;

public static class FhirSetup
{
    public static IServiceCollection AddCbtFhirExport(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(FhirOptions.Section).Get<FhirOptions>() ?? new FhirOptions();
        services.AddSingleton(options);
        services.AddSingleton(provider =>
        {
            var site = provider.GetRequiredService<MailOptions>().SiteUrl.TrimEnd('/');
            return new FhirCodes(string.IsNullOrWhiteSpace(options.CanonicalBase) ? $"{site}/fhir" : options.CanonicalBase);
        });
        services.AddSingleton(provider => new FhirMapping(provider.GetRequiredService<FhirCodes>(), options.PatientIdentity));
        services.AddScoped<FhirExport>();
        services.AddScoped<FhirBulkExport>();
        return services;
    }
}
