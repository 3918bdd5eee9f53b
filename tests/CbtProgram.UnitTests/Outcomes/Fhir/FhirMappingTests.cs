using CbtProgram.UnitTests.Safety;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Outcomes.Fhir;
using CbtProgram.Web.Outcomes.Statistics;
using Hl7.Fhir.Model;

namespace CbtProgram.UnitTests.Outcomes.Fhir;

/// <summary>The site's rows as FHIR R4 resources, from the shipped measure files.</summary>
public sealed class FhirMappingTests
{
    private const string Base = "https://cbt.example.org/fhir";
    private static readonly DateTimeOffset Sent = new(2026, 11, 2, 9, 30, 15, TimeSpan.Zero);
    private readonly FhirMapping _pseudonymous = new(new FhirCodes(Base + "/"), FhirPatientIdentity.Pseudonymous);
    private readonly FhirMapping _named = new(new FhirCodes(Base), FhirPatientIdentity.Named);

    private static readonly FhirPatientFacts Facts = new(Guid.Parse("6f1c1a2e-0000-4000-8000-000000000001"), "PZ21-B0TH-12AW", "default", "Fin Fletcher", "fin@example.org");

    [Fact]
    public void PseudonymousPatient_HasOnlyThePseudonym()
    {
        var patient = _pseudonymous.ToPatient(Facts);

        Assert.Equal("PZ21-B0TH-12AW", patient.Id);
        var identifier = Assert.Single(patient.Identifier);
        Assert.Equal(("urn:cbtprogram:pseudonym:default", "PZ21-B0TH-12AW"), (identifier.System, identifier.Value));
        Assert.Empty(patient.Name);
        Assert.Empty(patient.Telecom);
        var json = System.Text.Encoding.UTF8.GetString(FhirJson.Indented(patient));
        Assert.DoesNotContain("Fletcher", json);
        Assert.DoesNotContain("example.org", json);
        Assert.DoesNotContain(Facts.PatientId.ToString(), json);
    }

    [Fact]
    public void NamedPatient_HasNameEmailAndTheSitesId()
    {
        var patient = _named.ToPatient(Facts);

        Assert.Equal("Fin Fletcher", patient.Name.Single().Text);
        Assert.Equal("fin@example.org", patient.Telecom.Single().Value);
        Assert.Equal(ContactPoint.ContactPointSystem.Email, patient.Telecom.Single().System);
        Assert.Contains(patient.Identifier, i => i.System == $"{Base}/patient-id" && i.Value == Facts.PatientId.ToString());
        Assert.Equal("PZ21-B0TH-12AW", patient.Id);
    }

    [Fact]
    public void Phq9Questionnaire_HasItsItemsAnswerOptionsScoresAndLoincPanel()
    {
        var questionnaire = _pseudonymous.ToQuestionnaire(ShippedMeasures.Get("phq-9"));

        Assert.Equal("phq-9", questionnaire.Id);
        Assert.Equal($"{Base}/Questionnaire/phq-9", questionnaire.Url);
        Assert.Equal("PHQ9", questionnaire.Name);
        Assert.Equal(PublicationStatus.Active, questionnaire.Status);
        Assert.Equal(("http://loinc.org", "44249-1"), (questionnaire.Code.Single().System, questionnaire.Code.Single().Code));
        var questions = questionnaire.Item.Where(i => i.Type == Questionnaire.QuestionnaireItemType.Choice).ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => i.ToString()), questions.Select(q => q.LinkId));
        Assert.StartsWith("Thoughts that you would be better off dead", questions[8].Text);
        var options = questions[0].AnswerOption.Select(o => (Coding)o.Value!).ToList();
        Assert.Equal(["0", "1", "2", "3"], options.Select(o => o.Code));
        Assert.Equal(["Not at all", "Several days", "More than half the days", "Nearly every day"], options.Select(o => o.Display));
        Assert.All(options, o => Assert.Equal($"{Base}/CodeSystem/phq-9-answers", o.System));
        Assert.Equal([0m, 1m, 2m, 3m], options.Select(o => ((FhirDecimal)o.GetExtension(FhirCodes.OrdinalValueExtension)!.Value!).Value!.Value));
        Assert.Equal(Questionnaire.QuestionnaireItemType.Display, questionnaire.Item[0].Type);
    }

    [Fact]
    public void MidasQuestionnaire_AsksForWholeDaysWithinTheFilesLimits_AndHasNoLoincCode()
    {
        var questionnaire = _pseudonymous.ToQuestionnaire(ShippedMeasures.Get("midas"));

        Assert.Empty(questionnaire.Code);
        var questions = questionnaire.Item.Where(i => i.Type != Questionnaire.QuestionnaireItemType.Display).ToList();
        // Questions 1-5 and the unscored A count days; the unscored B (average pain) is a choice of 0 to 10.
        Assert.Equal(7, questions.Count);
        Assert.All(questions.Take(6), q =>
        {
            Assert.Equal(Questionnaire.QuestionnaireItemType.Integer, q.Type);
            Assert.Equal(0, ((Integer)q.GetExtension(FhirCodes.MinValueExtension)!.Value!).Value);
            Assert.Equal(90, ((Integer)q.GetExtension(FhirCodes.MaxValueExtension)!.Value!).Value);
        });
        Assert.Equal(Questionnaire.QuestionnaireItemType.Choice, questions[6].Type);
        Assert.Equal(11, questions[6].AnswerOption.Count);
    }

    [Fact]
    public void Response_AnswersAsItsQuestionnaireAsks_AndPointsAtItAndThePatient()
    {
        var measure = ShippedMeasures.Get("gad-7");
        var row = new MeasureResponse(Facts.PatientId, "gad-7", AssessmentPoints.Baseline, 0, [0, 1, 2, 3, 3, 2, 1], 12, "Moderate", Sent);

        var response = _pseudonymous.ToResponse(measure, row, "PZ21-B0TH-12AW");

        Assert.Equal(row.Id.ToString("N"), response.Id);
        Assert.Equal($"{Base}/Questionnaire/gad-7", response.Questionnaire);
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, response.Status);
        Assert.Equal("Patient/PZ21-B0TH-12AW", response.Subject!.Reference);
        Assert.Equal(Sent, new FhirDateTime(response.Authored).ToDateTimeOffset(TimeSpan.Zero));
        var answers = response.Item.Select(i => (Coding)i.Answer.Single().Value!).ToList();
        Assert.Equal(["0", "1", "2", "3", "3", "2", "1"], answers.Select(a => a.Code));
        Assert.Equal("Nearly every day", answers[3].Display);
        Assert.All(answers, a => Assert.Empty(a.Extension));
    }

    [Fact]
    public void MidasResponse_AnswersWithIntegers()
    {
        var row = new MeasureResponse(Facts.PatientId, "midas", AssessmentPoints.Baseline, 0, [3, 0, 12, 5, 90], 110, null, Sent);

        var response = _pseudonymous.ToResponse(ShippedMeasures.Get("midas"), row, "P1");

        Assert.Equal([3, 0, 12, 5, 90], response.Item.Select(i => ((Integer)i.Answer.Single().Value!).Value!.Value));
    }

    [Theory]
    [InlineData("phq-9", "http://loinc.org", "44261-6")]
    [InlineData("gad-7", "http://loinc.org", "70274-6")]
    [InlineData("who-5", Base + "/CodeSystem/cbtprogram-observations", "who-5-total")]
    [InlineData("midas", Base + "/CodeSystem/cbtprogram-observations", "midas-total")]
    public void Score_IsCodedWithLoincWhereTheFileHasIt_ElseTheSitesOwnCode(string measureId, string system, string code)
    {
        var measure = ShippedMeasures.Get(measureId);
        var row = new MeasureResponse(Facts.PatientId, measureId, AssessmentPoints.Post, 12, measure.Items.Select(_ => 1).ToArray(), 17, "Band", Sent);

        var score = _pseudonymous.ToScore(measure, row, "P1");

        Assert.Equal((system, code), (score.Code.Coding.Single().System, score.Code.Coding.Single().Code));
        Assert.Equal(17, ((Integer)score.Value!).Value);
        Assert.Equal(ObservationStatus.Final, score.Status);
        Assert.Equal("survey", score.Category.Single().Coding.Single().Code);
        Assert.Equal($"QuestionnaireResponse/{row.Id:N}", score.DerivedFrom.Single().Reference);
        Assert.Equal("Patient/P1", score.Subject!.Reference);
        Assert.Equal("Band", score.Interpretation.Single().Text);
        Assert.Equal(Sent, ((FhirDateTime)score.Effective!).ToDateTimeOffset(TimeSpan.Zero));
    }

    [Fact]
    public void HeadacheDays_IsPer28DaysOverTheWindow_WithTheDaysRecorded()
    {
        var days = Enumerable.Range(0, 20).Select(i => new DiaryDayFigures(new DateOnly(2026, 10, 1).AddDays(i), i % 4 == 0, 5, false));
        var window = HeadacheWindow.Summarise(days, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 28));

        var observation = _pseudonymous.ToHeadacheDays(AssessmentPoints.Baseline, window, "P1")!;

        // 5 headache days in 20 recorded: 5 x 28 / 20 = 7.
        Assert.Equal(7m, ((Quantity)observation.Value!).Value);
        Assert.Equal(("2026-10-01", "2026-10-28"), (((Period)observation.Effective!).Start, ((Period)observation.Effective).End));
        Assert.Equal(FhirCodes.HeadacheDaysPer28, observation.Code.Coding.Single().Code);
        Assert.Equal(20, ((Integer)observation.Component.Single().Value!).Value);
        Assert.Equal(observation.Id, _pseudonymous.ToHeadacheDays(AssessmentPoints.Baseline, window, "P1")!.Id);
        Assert.NotEqual(observation.Id, _pseudonymous.ToHeadacheDays(AssessmentPoints.Baseline, window, "P2")!.Id);
    }

    [Theory]
    [InlineData(13, false)]
    [InlineData(14, true)]
    public void HeadacheDays_IsLeftOut_WhenTooFewDaysWereRecorded(int recorded, bool exported)
    {
        var days = Enumerable.Range(0, recorded).Select(i => new DiaryDayFigures(new DateOnly(2026, 10, 1).AddDays(i), true, 5, false));
        var window = HeadacheWindow.Summarise(days, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 28));

        Assert.Equal(exported, _pseudonymous.ToHeadacheDays(AssessmentPoints.Post, window, "P1") is not null);
    }
}
