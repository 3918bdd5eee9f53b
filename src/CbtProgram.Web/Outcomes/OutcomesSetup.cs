using CbtProgram.Web.Outcomes.Patients;

namespace CbtProgram.Web.Outcomes;

public static class OutcomesSetup
{
    public static IServiceCollection AddCbtOutcomes(this IServiceCollection services) =>
        services.AddScoped<PatientOutcomeStore>();
}
