namespace CbtProgram.Web.Journey;

public static class JourneySetup
{
    public static IServiceCollection AddCbtJourney(this IServiceCollection services) =>
        services.AddScoped<ModuleOpening>()
            .AddScoped<PatientStates>()
            .AddScoped<AssessmentPlan>()
            .AddScoped<Onboarding>()
            .AddScoped<QuestionnaireSubmission>()
            .AddScoped<ModulePlayer>()
            .AddScoped<DiaryBook>()
            .AddScoped<BaselineDiary>()
            .AddScoped<ProgressReport>()
            .AddScoped<PatientDataExport>()
            .AddScoped<Invitations>()
            .AddScoped<Audio.ReadAloudPreferences>()
            .AddScoped<Demo.DemoJourney>();
}
