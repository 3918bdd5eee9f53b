using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace CbtProgram.IntegrationTests.Outcomes.Fhir;

/// <summary>
/// Firely's validator against the base R4 profiles, from the specification.zip that the Hl7.Fhir.Specification.Data.R4
/// package copies beside the tests (no network). Made once per test class: the first validation of each resource type
/// compiles its profile, which is what takes the time (see <see cref="SetUpTime"/>).
/// </summary>
public sealed class FhirValidatorFixture
{
    private readonly Validator _validator;

    public FhirValidatorFixture()
    {
        var watch = Stopwatch.StartNew();
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        _validator = new Validator(source, new LocalTerminologyService(source));
        // Warm up with the profiles the export uses, so the time is the set-up's and not the first test's.
        foreach (var resource in new Resource[] { new Patient(), new Questionnaire { Status = PublicationStatus.Draft },
                     new QuestionnaireResponse { Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed },
                     new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "x" } },
                     new Bundle { Type = Bundle.BundleType.Collection } })
            _validator.Validate(resource);
        SetUpTime = watch.Elapsed;
    }

    public TimeSpan SetUpTime { get; }

    /// <summary>The errors (and fatal issues) of one resource, each with its location, for an assertion message.</summary>
    public IReadOnlyList<string> Errors(Resource resource) =>
        _validator.Validate(resource).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{resource.TypeName}/{resource.Id}: {i.Details?.Text ?? i.Diagnostics} at {string.Join(",", i.Expression)}")
            .ToList();

    public IReadOnlyList<string> Warnings(Resource resource) =>
        _validator.Validate(resource).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Warning)
            .Select(i => $"{resource.TypeName}/{resource.Id}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();
}
