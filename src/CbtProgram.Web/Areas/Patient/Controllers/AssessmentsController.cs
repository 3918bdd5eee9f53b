using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>The questionnaires of an assessment point (baseline, mid, post, follow-up), one per page.</summary>
[Route("patient/assessments")]
[AvailableFrom(JourneyStage.Baseline)]
public sealed class AssessmentsController(AssessmentPlan plan, QuestionnaireSubmission submission, TimeProvider clock)
    : PatientControllerBase
{
    [HttpGet("{point}")]
    public async Task<IActionResult> Next(string point)
    {
        if (await WeekOfAsync(point) is not { } week)
            return await ClosedOrNotFoundAsync(point);
        var missing = await plan.MissingAsync(State.Patient.Id, point, week);
        if (missing.Count == 0)
            return Redirect("/patient");
        var all = await plan.MeasuresAsync(point);
        return View("Questionnaire", new QuestionnaireViewModel(point, missing[0], all.Count - missing.Count + 1, all.Count,
            $"/patient/assessments/{point}/{missing[0].Id}", await submission.KeptAnswersAsync(State.Patient.Id, missing[0], point, week), []));
    }

    [HttpPost("{point}/{measureId}")]
    [EnableRateLimiting(RateLimitPolicies.PatientEntries)]
    public async Task<IActionResult> Submit(string point, string measureId, Dictionary<int, int?> answers)
    {
        if (await WeekOfAsync(point) is not { } week)
            return await ClosedOrNotFoundAsync(point);
        var measure = (await plan.MeasuresAsync(point)).FirstOrDefault(m => m.Id == measureId);
        if (measure is null)
            return NotFound();
        var result = await submission.SubmitAsync(State.Patient, measure, point, week, answers);
        var next = $"/patient/assessments/{point}";
        // Any risky answer, complete or not, shows where to get help at once; an unfinished questionnaire waits for them after.
        if (result.RaisedRisk)
            return Redirect($"/patient/support?next={Uri.EscapeDataString(next)}");
        if (result is QuestionnaireSubmission.Invalid invalid)
        {
            var all = await plan.MeasuresAsync(point);
            var position = all.ToList().FindIndex(m => m.Id == measureId) + 1;
            return View("Questionnaire", new QuestionnaireViewModel(point, measure, position, all.Count,
                $"/patient/assessments/{point}/{measureId}", await submission.KeptAnswersAsync(State.Patient.Id, measure, point, week), invalid.Problems));
        }
        return Redirect(next);
    }

    /// <summary>A window that closed unanswered says so plainly, and takes no answers; anything else not due is not found.</summary>
    private async Task<IActionResult> ClosedOrNotFoundAsync(string point)
    {
        if (await plan.ClosedUnansweredAsync(State, point, clock.GetUtcNow()) is not { } closedAt)
            return NotFound();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Closed", new ClosedQuestionnairesViewModel(new DueAssessment(point, 0, closedAt).Title, closedAt));
    }

    /// <summary>The program week an assessment point belongs to, if the point is due for this patient now.</summary>
    private async Task<int?> WeekOfAsync(string point)
    {
        if (point == AssessmentPoints.Baseline)
            return 0;
        var due = await plan.DueAsync(State, clock.GetUtcNow());
        return due.FirstOrDefault(d => d.Point == point)?.Week;
    }
}

public sealed record ClosedQuestionnairesViewModel(string Title, DateTimeOffset ClosedAtLocal);

public sealed record QuestionnaireViewModel(
    string Point, MeasureDefinition Measure, int Position, int Count, string Action,
    IReadOnlyDictionary<int, int?> Answers, IReadOnlyList<string> Problems);
