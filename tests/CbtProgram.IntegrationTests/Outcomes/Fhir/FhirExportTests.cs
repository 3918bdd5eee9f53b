using System.IO.Compression;
using System.Net;
using System.Text;
using CbtProgram.Web.Data;
using CbtProgram.Web.Outcomes.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace CbtProgram.IntegrationTests.Outcomes.Fhir;

/// <summary>
/// The FHIR R4 export of the demo clinic (the whole thirteen-patient demo caseload, the demo patient and the colleague's
/// patient): every resource of the bulk NDJSON and of one patient's Bundle validates against the base R4 profiles with
/// Firely's validator, with zero errors; answers round-trip; totals carry their LOINC codes; a pseudonymous Patient names
/// nobody; only staff who may open the record get it, and every download is audited.
/// </summary>
public sealed class FhirExportTests(FhirExportTests.Clinic clinic, ITestOutputHelper output) : IClassFixture<FhirExportTests.Clinic>
{
    private const string FinishedPatient = "finished@example.org";

    /// <summary>The demo clinic (one database for the class) and the validator, loaded once.</summary>
    public sealed class Clinic : IAsyncLifetime
    {
        public CbtWebApplicationFactory Site { get; } = new CbtWebApplicationFactory()
            .WithSetting("Demo:Caseload", "true");

        public FhirValidatorFixture Validator { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Site.InitializeAsync();
            _ = Site.Server;
            Validator = new FhirValidatorFixture();
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    private CbtWebApplicationFactory Site => clinic.Site;
    private FhirValidatorFixture Validator => clinic.Validator;

    [Fact]
    public void Validator_ReportsTheErrorsOfABrokenResource()
    {
        output.WriteLine($"Validator set-up (spec read, profiles compiled): {Validator.SetUpTime.TotalSeconds:0.0} s");
        var broken = new QuestionnaireResponse { Id = "broken", Item = [new QuestionnaireResponse.ItemComponent { Text = "no link id" }] };

        var errors = Validator.Errors(broken);

        Assert.Contains(errors, e => e.Contains("status", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(errors, e => e.Contains("linkId", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BulkExport_EveryResourceOfTheDemoClinic_ValidatesWithZeroErrors()
    {
        output.WriteLine($"Validator set-up (spec loaded, profiles compiled): {Validator.SetUpTime.TotalSeconds:0.0} s");
        var admin = await Site.SignedInAsAsync("admin@example.org");

        var response = await admin.GetAsync("/admin/fhir/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var files = await UnzipAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(FhirBulkExport.Files, files.Keys);
        var resources = files.ToDictionary(f => f.Key, f => f.Value.Select(Parse).ToList());

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var errors = resources.Values.SelectMany(r => r).SelectMany(Validator.Errors).ToList();
        output.WriteLine($"Validated {resources.Values.Sum(r => r.Count)} resources in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(errors);
        foreach (var warning in resources.Values.SelectMany(r => r).SelectMany(Validator.Warnings).Select(w => w[(w.IndexOf(':') + 2)..]).Distinct().Take(10))
            output.WriteLine($"warning: {warning}");

        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.All(resources, file => Assert.All(file.Value, r => Assert.Equal(file.Key, $"{r.TypeName}.ndjson")));
        Assert.Equal(await db.Patients.CountAsync(), resources["Patient.ndjson"].Count);
        Assert.Equal(["gad-7", "midas", "phq-9", "who-5"], resources["Questionnaire.ndjson"].Select(q => q.Id).Order());
        var responses = await db.MeasureResponses.CountAsync();
        Assert.True(responses > 50, $"the demo clinic has only {responses} questionnaires");
        Assert.Equal(responses, resources["QuestionnaireResponse.ndjson"].Count);
        var observations = resources["Observation.ndjson"].Cast<Observation>().ToList();
        Assert.Equal(responses, observations.Count(o => o.DerivedFrom.Count == 1));
        var headache = observations.Where(o => o.Code.Coding[0].Code == FhirCodes.HeadacheDaysPer28).ToList();
        Assert.NotEmpty(headache);
        Assert.All(headache, o => Assert.Equal(27, DateOnly.Parse(((Period)o.Effective!).End!).DayNumber - DateOnly.Parse(((Period)o.Effective).Start!).DayNumber));
        Assert.Equal(observations.Count, observations.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public async Task PatientBundle_ForTheirTherapist_IsACollectionThatValidatesWithZeroErrors()
    {
        var (patientId, _, _) = await PatientAsync(FinishedPatient);
        var therapist = await Site.SignedInAsAsync("therapist@example.org");

        var response = await therapist.GetAsync($"/therapist/patients/{patientId}/fhir");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirJson.MediaType, response.Content.Headers.ContentType?.MediaType);
        var bundle = Assert.IsType<Bundle>(Parse(await response.Content.ReadAsStringAsync()));
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.Empty(Validator.Errors(bundle));
        var patient = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Patient>());
        Assert.All(bundle.Entry.Select(e => e.Resource).OfType<QuestionnaireResponse>(), r => Assert.Equal($"Patient/{patient.Id}", r.Subject!.Reference));
        Assert.Equal(4, bundle.Entry.Count(e => e.Resource is Questionnaire));
    }

    [Fact]
    public async Task QuestionnaireResponse_RoundTripsToTheAnswersOfItsRow()
    {
        var (patientId, _, _) = await PatientAsync(FinishedPatient);
        var therapist = await Site.SignedInAsAsync("therapist@example.org");
        var bundle = (Bundle)Parse(await therapist.GetStringAsync($"/therapist/patients/{patientId}/fhir"));

        await using var scope = Site.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AppDbContext>().MeasureResponses.AsNoTracking()
            .Where(r => r.PatientId == patientId).ToListAsync();
        var parsed = bundle.Entry.Select(e => e.Resource).OfType<QuestionnaireResponse>().ToDictionary(r => r.Id!);
        Assert.Equal(rows.Count, parsed.Count);
        Assert.Contains(rows, r => r.MeasureId == "midas");
        foreach (var row in rows)
        {
            var fhir = parsed[row.Id.ToString("N")];
            Assert.Equal($"{FhirCodeBase}/Questionnaire/{row.MeasureId}", fhir.Questionnaire);
            Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, fhir.Status);
            Assert.Equal(row.SubmittedAt, new FhirDateTime(fhir.Authored).ToDateTimeOffset(TimeSpan.Zero));
            Assert.Equal(Enumerable.Range(1, row.Answers.Length).Select(i => i.ToString()), fhir.Item.Select(i => i.LinkId));
            var answers = fhir.Item.Select(i => i.Answer.Single().Value switch
            {
                Coding coding => int.Parse(coding.Code!),
                Integer integer => integer.Value!.Value,
                var other => throw new InvalidOperationException($"unexpected answer {other?.TypeName}"),
            });
            Assert.Equal(row.Answers, answers);
            // MIDAS counts days (integers), but for its unscored question B (average pain, 0-10: a choice), the 7th.
            Assert.All(fhir.Item, i => Assert.IsType(row.MeasureId == "midas" && i.LinkId != "7" ? typeof(Integer) : typeof(Coding), i.Answer.Single().Value));
        }
    }

    [Fact]
    public async Task TotalScores_CarryLoincCodesWhereTheMeasureHasThem_AndComeFromTheirResponse()
    {
        var (patientId, _, _) = await PatientAsync(FinishedPatient);
        var therapist = await Site.SignedInAsAsync("therapist@example.org");
        var bundle = (Bundle)Parse(await therapist.GetStringAsync($"/therapist/patients/{patientId}/fhir"));
        var resources = bundle.Entry.Select(e => e.Resource).ToList();

        await using var scope = Site.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AppDbContext>().MeasureResponses.AsNoTracking()
            .Where(r => r.PatientId == patientId).ToListAsync();
        var expected = new Dictionary<string, (string System, string Code)>
        {
            ["phq-9"] = ("http://loinc.org", "44261-6"),
            ["gad-7"] = ("http://loinc.org", "70274-6"),
            ["who-5"] = ($"{FhirCodeBase}/CodeSystem/cbtprogram-observations", "who-5-total"),
            ["midas"] = ($"{FhirCodeBase}/CodeSystem/cbtprogram-observations", "midas-total"),
        };
        foreach (var row in rows)
        {
            var score = resources.OfType<Observation>().Single(o => o.Id == $"{row.Id:N}-total");
            var coding = Assert.Single(score.Code.Coding);
            Assert.Equal(expected[row.MeasureId], (coding.System, coding.Code));
            Assert.Equal(row.Score, ((Integer)score.Value!).Value);
            Assert.Equal(ObservationStatus.Final, score.Status);
            Assert.Equal("survey", score.Category.Single().Coding.Single().Code);
            Assert.Equal($"QuestionnaireResponse/{row.Id:N}", score.DerivedFrom.Single().Reference);
        }
        var phq9 = resources.OfType<Questionnaire>().Single(q => q.Id == "phq-9");
        Assert.Equal("44249-1", phq9.Code.Single().Code);
    }

    [Fact]
    public async Task PseudonymousExport_NamesNobody_NorGivesTheDatabaseId()
    {
        var (patientId, name, email) = await PatientAsync(FinishedPatient);
        var therapist = await Site.SignedInAsAsync("therapist@example.org");
        var json = await therapist.GetStringAsync($"/therapist/patients/{patientId}/fhir");
        var admin = await Site.SignedInAsAsync("admin@example.org");
        var bulk = string.Join("\n", (await UnzipAsync(await admin.GetByteArrayAsync("/admin/fhir/export"))).Values.SelectMany(lines => lines));

        var patient = ((Bundle)Parse(json)).Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Empty(patient.Name);
        Assert.Empty(patient.Telecom);
        foreach (var text in new[] { json, bulk })
        {
            Assert.DoesNotContain(name, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(email, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("example.org", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(patientId.ToString("D"), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(patientId.ToString("N"), text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains($"\"{patient.Id}\"", bulk);
        await using var scope = Site.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<CbtProgram.Web.Outcomes.Research.Pseudonyms>().DefaultKeyAsync();
        Assert.Equal(key.For(patientId), patient.Id);
        Assert.Equal("urn:cbtprogram:pseudonym:default", patient.Identifier.Single().System);
    }

    [Fact]
    public async Task PatientDownload_IsRefusedToOtherTherapistsAndPatients_AndAuditedForTheirTherapist()
    {
        var (patientId, _, _) = await PatientAsync(FinishedPatient);
        var path = $"/therapist/patients/{patientId}/fhir";
        var before = (await AuditAsync(FhirAuditActions.PatientDownloaded)).Count;

        var colleague = await Site.SignedInAsAsync("colleague@example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync(path)).StatusCode);
        var patient = await Site.SignedInAsAsync(FinishedPatient);
        Assert.Equal(HttpStatusCode.Forbidden, (await patient.GetAsync(path)).StatusCode);
        var stranger = Site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync(path)).StatusCode);
        Assert.Equal(before, (await AuditAsync(FhirAuditActions.PatientDownloaded)).Count);

        var therapist = await Site.SignedInAsAsync("therapist@example.org");
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync(path)).StatusCode);

        var entries = await AuditAsync(FhirAuditActions.PatientDownloaded);
        Assert.Equal(before + 1, entries.Count);
        var entry = entries.MaxBy(e => e.At)!;
        Assert.Equal(patientId, entry.PatientId);
        Assert.Equal(await UserIdAsync("therapist@example.org"), entry.ActorId);
    }

    [Fact]
    public async Task BulkExport_IsForAdminsOnly_AndAudited()
    {
        var before = (await AuditAsync(FhirAuditActions.BulkExported)).Count;
        foreach (var email in new[] { "therapist@example.org", "lead@example.org", FinishedPatient })
        {
            var client = await Site.SignedInAsAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/fhir/export")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/fhir")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await Site.CreateBrowserLikeClient().GetAsync("/admin/fhir/export")).StatusCode);
        Assert.Equal(before, (await AuditAsync(FhirAuditActions.BulkExported)).Count);

        var admin = await Site.SignedInAsAsync("admin@example.org");
        var page = await admin.GetStringAsync("/admin/fhir");
        Assert.Contains("href=\"/admin/fhir/export\"", page);
        Assert.Contains("Pseudonymous", page);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/fhir/export")).StatusCode);

        var entries = await AuditAsync(FhirAuditActions.BulkExported);
        Assert.Equal(before + 1, entries.Count);
        var entry = entries.MaxBy(e => e.At)!;
        Assert.Null(entry.PatientId);
        Assert.Equal(await UserIdAsync("admin@example.org"), entry.ActorId);
    }

    private string FhirCodeBase => Site.Services.GetRequiredService<FhirCodes>().Base;

    private static Resource Parse(string json) => new FhirJsonDeserializer().Deserialize<Resource>(json);

    private static async Task<Dictionary<string, List<string>>> UnzipAsync(byte[] zip)
    {
        var files = new Dictionary<string, List<string>>();
        await using var archive = await ZipArchive.CreateAsync(new MemoryStream(zip), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null);
        foreach (var entry in archive.Entries)
        {
            await using var stream = await entry.OpenAsync();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            Assert.EndsWith("\n", text);
            files[entry.FullName] = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        return files;
    }

    private async Task<(Guid Id, string Name, string Email)> PatientAsync(string email)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Patients.Join(db.Users.Where(u => u.Email == email), p => p.UserId, u => u.Id, (p, u) => new { p.Id, u.DisplayName, u.Email })
            .SingleAsync();
        return (row.Id, row.DisplayName, row.Email!);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<List<CbtProgram.Web.Domain.Audit.AuditEntry>> AuditAsync(string action)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().Where(a => a.Action == action).ToListAsync();
    }
}
