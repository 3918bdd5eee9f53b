using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Journey;

/// <summary>Steps of a patient's journey done directly, as the pages would do them, for tests that start part-way.</summary>
internal static class JourneySteps
{
    /// <summary>The patient accepts the live consent.</summary>
    public static async Task ConsentAsync(this WebApplicationFactory<Program> site, Patient patient, DateTimeOffset now)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var version = (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().GetAsync()).Program.Consent.Version;
        (await db.Patients.SingleAsync(p => p.Id == patient.Id)).AcceptConsent(version, now);
        await db.SaveChangesAsync();
    }

    /// <summary>Answers a whole questionnaire at a point, every question with its lowest answer (0).</summary>
    public static async Task<QuestionnaireSubmission.Result> AnswerAsync(this WebApplicationFactory<Program> site, Patient patient, string measureId, string point, int week)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var measure = (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().GetAsync()).Measures.Single(m => m.Id == measureId);
        return await scope.ServiceProvider.GetRequiredService<QuestionnaireSubmission>()
            .SubmitAsync(patient, measure, point, week, measure.Items.ToDictionary(i => i.Id, _ => (int?)0));
    }
}
