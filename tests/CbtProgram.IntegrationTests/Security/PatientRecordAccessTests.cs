using System.Net;
using CbtProgram.Web.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Security;

/// <summary>
/// Walks every route of the site that names a patient (<c>{patientId}</c>), pages and forms alike, as a therapist who
/// is not assigned to that patient and as a patient, and expects a refusal that shows nothing of the record.
/// New patient pages are covered as soon as they exist.
/// </summary>
public sealed class PatientRecordAccessTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private const string PatientName = "Priya Private";

    private IReadOnlyList<(string Method, string Path)> PatientScopedRoutes(Guid patientId) =>
        site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.Name == "patientId"))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, Fill(e.RoutePattern.RawText!, patientId))))
            .Distinct().OrderBy(r => r.Item2).ToList();

    /// <summary>Fills the route's parameters with plausible values: the patient, week 3, and fresh ids for anything else.</summary>
    private static string Fill(string pattern, Guid patientId) =>
        "/" + string.Join('/', pattern.Trim('/').Split('/').Select(segment =>
            !segment.StartsWith('{') ? segment
            : segment.StartsWith("{patientId", StringComparison.Ordinal) ? patientId.ToString()
            : segment.Contains(":int", StringComparison.Ordinal) ? "3"
            : Guid.NewGuid().ToString()));

    [Fact]
    public async Task EveryPatientScopedRoute_RefusesAnUnassignedTherapistAndAPatient_WithoutShowingTheRecord()
    {
        var patient = await site.CreatePatientInWeekAsync("private@example.org", PatientName, 3);
        await site.CreateUserAsync("other.therapist@example.org", "Olive Other", Roles.Therapist);
        await site.CreatePatientInWeekAsync("nosy.patient@example.org", "Nosy Patient", 1);
        var outsiders = new Dictionary<string, (HttpClient Client, string FormPage)>
        {
            ["unassigned therapist"] = (await site.SignedInAsAsync("other.therapist@example.org", TestPeople.Password), "/therapist/invite"),
            ["another patient"] = (await site.SignedInAsAsync("nosy.patient@example.org", TestPeople.Password), "/patient/schedule"),
        };
        var routes = PatientScopedRoutes(patient.Id);
        Assert.True(routes.Count >= 16, $"expected the patient pages to be found, found {routes.Count}");

        foreach (var (who, (client, formPage)) in outsiders)
        {
            foreach (var (method, path) in routes)
            {
                var response = method == "GET"
                    ? await client.GetAsync(path)
                    : await client.PostFormAsync(formPage, path, [new("Reason", "x"), new("Text", "x"), new("Date", "2030-01-01"), new("Time", "10:00")]);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{who}: {method} {path} gave {(int)response.StatusCode}");
                Assert.DoesNotContain(PatientName, body);
            }
        }
    }

    [Fact]
    public async Task TheAssignedTherapist_AndAnAdmin_SeeThePatientsSchedule()
    {
        var patient = await site.CreatePatientInWeekAsync("assigned@example.org", "Ada Assigned", 2);

        foreach (var email in new[] { "therapist@example.org", "admin@example.org" })
        {
            var client = await site.SignedInAsAsync(email);
            var response = await client.GetAsync($"/therapist/patients/{patient.Id}/schedule");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Ada Assigned", await response.Content.ReadAsStringAsync());
        }
    }
}
