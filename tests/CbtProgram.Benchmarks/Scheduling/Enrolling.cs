using CbtProgram.Benchmarks.Running;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>Enrols patients through the product's own Onboarding.StoreAsync, each in its own DI scope, several at a time.</summary>
public static class Enrolling
{
    public static async Task<IReadOnlyList<Enrolment>> EnrolAsync(BenchSite site, IReadOnlyList<(Patient Patient, SessionPreferences Choice)> patients,
        int concurrency, CancellationToken cancellationToken)
    {
        var enrolments = new Enrolment[patients.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, patients.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                await using var scope = site.Services.CreateAsyncScope();
                enrolments[i] = await scope.ServiceProvider.GetRequiredService<Onboarding>().StoreAsync(patients[i].Patient, patients[i].Choice);
            });
        return enrolments;
    }
}
