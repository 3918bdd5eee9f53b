using System.Security.Cryptography;
using System.Text;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Outcomes.Statistics;
using Hl7.Fhir.Model;

namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>A patient as the export sees them: the pseudonym (and the name of the export key that made it) always, the name and email only for a Named export.</summary>
public sealed record FhirPatientFacts(Guid PatientId, string Pseudonym, string KeyName, string? Name, string? Email);

/// <summary>
/// The rows of the site as FHIR R4 resources (pure: no database, no clock). Questionnaires come from the measure
/// definitions (items, answer options with their scores, LOINC codes where the file has them); each completed
/// questionnaire is a QuestionnaireResponse answered as its Questionnaire asks (valueCoding for a choice, valueInteger for
/// days) and an Observation of its total, derived from it; each aligned diary window (baseline, post, follow-up) with
/// enough days is an Observation of headache days per 28 days.
/// </summary>
public sealed class FhirMapping(FhirCodes codes, FhirPatientIdentity identity)
{
    public FhirCodes Codes => codes;
    public FhirPatientIdentity Identity => identity;

    public Patient ToPatient(FhirPatientFacts facts)
    {
        var patient = new Patient
        {
            Id = facts.Pseudonym,
            Identifier = [new Identifier(FhirCodes.PseudonymSystem(facts.KeyName), facts.Pseudonym)],
        };
        if (identity == FhirPatientIdentity.Named)
        {
            patient.Identifier.Add(new Identifier(codes.PatientIdSystem, facts.PatientId.ToString()));
            if (!string.IsNullOrWhiteSpace(facts.Name))
                patient.Name = [new HumanName { Text = facts.Name }];
            if (!string.IsNullOrWhiteSpace(facts.Email))
                patient.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Home, facts.Email)];
        }
        return patient;
    }

    public Questionnaire ToQuestionnaire(MeasureDefinition measure)
    {
        var questionnaire = new Questionnaire
        {
            Id = measure.Id,
            Url = codes.QuestionnaireUrl(measure.Id),
            Name = ComputableName(measure.Name),
            Title = measure.Title,
            Status = measure.Enabled ? PublicationStatus.Active : PublicationStatus.Retired,
            SubjectType = [ResourceType.Patient],
            Description = $"{measure.What}, over {measure.Period}.",
            Copyright = measure.Licence,
        };
        if (measure.Loinc is { Panel.Length: > 0 } loinc)
            questionnaire.Code = [new Coding(FhirCodes.Loinc, loinc.Panel)];
        if (!string.IsNullOrWhiteSpace(measure.Instructions))
            questionnaire.Item.Add(new Questionnaire.ItemComponent
            {
                LinkId = "instructions", Text = measure.Instructions, Type = Questionnaire.QuestionnaireItemType.Display,
            });
        foreach (var item in measure.Items)
            questionnaire.Item.Add(Question(measure, item));
        return questionnaire;
    }

    private Questionnaire.ItemComponent Question(MeasureDefinition measure, MeasureItem item)
    {
        var format = measure.AnswerFor(item);
        var question = new Questionnaire.ItemComponent { LinkId = LinkId(item), Text = item.Text, Required = true };
        if (format.Type == AnswerFormat.ChoiceType)
        {
            question.Type = Questionnaire.QuestionnaireItemType.Choice;
            question.AnswerOption = format.Options.Select(o => new Questionnaire.AnswerOptionComponent { Value = Answer(measure, o) }).ToList();
        }
        else
        {
            question.Type = Questionnaire.QuestionnaireItemType.Integer;
            question.Extension.Add(new Extension(FhirCodes.MinValueExtension, new Integer(format.Lowest)));
            question.Extension.Add(new Extension(FhirCodes.MaxValueExtension, new Integer(format.Highest)));
        }
        return question;
    }

    /// <summary>An answer option as a Coding: its value as the code, its label as the display, its score as the ordinal value.</summary>
    private Coding Answer(MeasureDefinition measure, AnswerOption option)
    {
        var coding = new Coding(codes.AnswerSystem(measure.Id), option.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), option.Label);
        coding.Extension.Add(new Extension(FhirCodes.OrdinalValueExtension, new FhirDecimal(option.Value)));
        return coding;
    }

    public QuestionnaireResponse ToResponse(MeasureDefinition measure, MeasureResponse row, string pseudonym)
    {
        var response = new QuestionnaireResponse
        {
            Id = ResponseId(row),
            Questionnaire = codes.QuestionnaireUrl(measure.Id),
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = PatientReference(pseudonym),
            Authored = new FhirDateTime(row.SubmittedAt).Value,
        };
        // Answers are stored in item order; a row shorter than today's definition keeps only what it has.
        for (var i = 0; i < Math.Min(measure.Items.Count, row.Answers.Length); i++)
        {
            var item = measure.Items[i];
            var format = measure.AnswerFor(item);
            var value = row.Answers[i];
            DataType answer = format.Type == AnswerFormat.ChoiceType && format.Options.FirstOrDefault(o => o.Value == value) is { } option
                ? WithoutExtensions(Answer(measure, option))
                : new Integer(value);
            response.Item.Add(new QuestionnaireResponse.ItemComponent
            {
                LinkId = LinkId(item),
                Text = item.Text,
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = answer }],
            });
        }
        return response;
    }

    /// <summary>The total score of a completed questionnaire: LOINC where the file has a total code, else the site's own.</summary>
    public Observation ToScore(MeasureDefinition measure, MeasureResponse row, string pseudonym)
    {
        var code = measure.Loinc is { Total.Length: > 0 } loinc
            ? new Coding(FhirCodes.Loinc, loinc.Total)
            : new Coding(codes.LocalSystem, FhirCodes.LocalTotalCode(measure.Id));
        var observation = new Observation
        {
            Id = $"{ResponseId(row)}-total",
            Status = ObservationStatus.Final,
            Category = [FhirCodes.SurveyCategory()],
            Code = new CodeableConcept { Coding = [code], Text = $"{measure.Name} total score" },
            Subject = PatientReference(pseudonym),
            Effective = new FhirDateTime(row.SubmittedAt),
            Issued = row.SubmittedAt,
            Value = new Integer(row.Score),
            DerivedFrom = [new ResourceReference($"QuestionnaireResponse/{ResponseId(row)}")],
        };
        if (row.Band is { Length: > 0 } band)
            observation.Interpretation = [new CodeableConcept { Text = band }];
        return observation;
    }

    /// <summary>
    /// Headache days per 28 days over one of the outcome summary's aligned diary windows (baseline, post, follow-up; see
    /// <see cref="Patients.PatientOutcomeCalculator.Windows"/>), scaled from the days recorded; null for a window with too
    /// few days recorded (<see cref="HeadacheWindow.MinimumDays"/>): a missing figure is left out, never guessed.
    /// </summary>
    public Observation? ToHeadacheDays(string point, DiaryWindowFigures window, string pseudonym)
    {
        if (!window.Sufficient || window.HeadacheDaysPer28 is not { } per28)
            return null;
        return new Observation
        {
            Id = StableId($"{pseudonym}|{FhirCodes.HeadacheDaysPer28}|{point}|{window.From:yyyy-MM-dd}"),
            Status = ObservationStatus.Final,
            Category = [FhirCodes.SurveyCategory()],
            Code = new CodeableConcept { Coding = [new Coding(codes.LocalSystem, FhirCodes.HeadacheDaysPer28, "Headache days per 28 days")], Text = "Headache days per 28 days (headache diary)" },
            Subject = PatientReference(pseudonym),
            Effective = new Period(new FhirDateTime(window.From.ToString("yyyy-MM-dd")), new FhirDateTime(window.To.ToString("yyyy-MM-dd"))),
            Value = new Quantity((decimal)Math.Round(per28, 1, MidpointRounding.AwayFromZero), "d", FhirCodes.Ucum) { Unit = "days per 28 days" },
            Note = [new Annotation { Text = WindowNote(point) }],
            Component =
            [
                new Observation.ComponentComponent
                {
                    Code = new CodeableConcept(codes.LocalSystem, FhirCodes.DiaryDaysRecorded, "Diary days recorded in the window"),
                    Value = new Integer(window.RecordedDays),
                },
            ],
        };
    }

    private static string WindowNote(string point) => point switch
    {
        AssessmentPoints.Baseline => "Baseline window: the 28 days before week 1.",
        AssessmentPoints.Post => "Post window: the 28 days before week 12 ends (weeks 9-12).",
        AssessmentPoints.FollowUp => "Follow-up window: the 28 days before the follow-up date.",
        _ => point,
    };

    public static string ResponseId(MeasureResponse row) => row.Id.ToString("N");

    public static string LinkId(MeasureItem item) => item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ResourceReference PatientReference(string pseudonym) => new($"Patient/{pseudonym}");

    private static Coding WithoutExtensions(Coding coding) => new(coding.System, coding.Code, coding.Display);

    /// <summary>A FHIR id from text that is already pseudonymous: the same text gives the same id in every export.</summary>
    private static string StableId(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <summary>A computable name (FHIR's inv-0: starts with a capital letter, letters and digits): "PHQ-9" becomes "PHQ9".</summary>
    private static string ComputableName(string name)
    {
        var letters = new string(name.Where(char.IsAsciiLetterOrDigit).ToArray());
        return letters.Length > 0 && char.IsAsciiLetterUpper(letters[0]) ? letters : $"Q{letters}";
    }
}
