using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Journey;
using Microsoft.AspNetCore.Mvc;
using CbtProgram.Web.Security.RateLimits;
using Microsoft.AspNetCore.RateLimiting;

namespace CbtProgram.Web.Areas.Patient.Controllers;

/// <summary>
/// The module player: one step at a time, starting with the weekly check-in (the weekly PHQ-9 and a summary of the
/// last 7 days of diary), progress saved after each step.
/// </summary>
[Route("patient/modules/{week:int}")]
public sealed class ModulesController(ModulePlayer player, QuestionnaireSubmission submission, AssessmentPlan plan, DiaryBook diary)
    : PatientControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> Resume(int week) => await OpenAsync(week) switch
    {
        ModulePlayer.Open open when open.Progress.IsCompleted => View("Completed", open),
        ModulePlayer.Open open => Redirect($"/patient/modules/{week}/steps/{open.CurrentStep.Id}"),
        ModulePlayer.NotOpenYet closed => NotOpen(closed),
        _ => NotFound(),
    };

    [HttpGet("steps/{stepId}")]
    public async Task<IActionResult> Step(int week, string stepId)
    {
        if (await player.OpenAtStepAsync(State, week, stepId) is not (ModulePlayer.Open open, var saved))
            return await Resume(week);
        var step = open.Content.FindStep(stepId);
        if (step is null)
            return NotFound();
        if (await CheckInFirstAsync(open, step) is { } checkIn)
            return Redirect($"/patient/modules/{week}/steps/{checkIn.Id}");
        return View("Step", await ViewModelAsync(open, step, saved, new Dictionary<string, string>()));
    }

    [HttpPost("steps/{stepId}")]
    [EnableRateLimiting(RateLimitPolicies.PatientEntries)]
    public async Task<IActionResult> Save(int week, string stepId, Dictionary<string, string>? values, string? direction)
    {
        if (await OpenAsync(week) is not ModulePlayer.Open open)
            return await Resume(week);
        var step = open.Content.FindStep(stepId);
        if (step is null)
            return BadRequest();
        // Empty inputs bind as null: treat them as "not answered".
        values = (values ?? []).Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value);
        if (await CheckInFirstAsync(open, step) is { } checkIn)
            return Redirect($"/patient/modules/{week}/steps/{checkIn.Id}");
        var problems = ModulePlayer.Check(step, values);
        if (problems.Count > 0)
            return View("Step", await ViewModelAsync(open, step, values, problems));
        if (step.Kind == StepKinds.CheckIn && direction != "back" && await WeeklyCheckInMissingAsync(week))
            return Redirect($"/patient/modules/{week}/steps/{step.Id}");
        await player.SaveAndMoveAsync(open, step, values, forward: direction != "back");
        return Redirect($"/patient/modules/{week}");
    }

    /// <summary>The weekly PHQ-9, answered inside the check-in step.</summary>
    [HttpPost("check-in")]
    [EnableRateLimiting(RateLimitPolicies.PatientEntries)]
    public async Task<IActionResult> CheckIn(int week, Dictionary<int, int?> answers)
    {
        if (await OpenAsync(week) is not ModulePlayer.Open open)
            return await Resume(week);
        var checkIn = open.Content.Steps.FirstOrDefault(s => s.Kind == StepKinds.CheckIn) ?? open.Content.Steps[0];
        var weekly = await plan.MeasuresAsync(AssessmentPoints.Weekly);
        var phq9 = weekly.Count > 0 ? weekly[0] : null;
        if (phq9 is null)
            return Redirect($"/patient/modules/{week}");
        var result = await submission.SubmitAsync(State.Patient, phq9, AssessmentPoints.Weekly, week, answers);
        var next = $"/patient/modules/{week}";
        if (result is QuestionnaireSubmission.Recorded)
            await player.SaveAndMoveAsync(open, checkIn, new Dictionary<string, string>(), forward: true);
        // Any risky answer, complete or not, shows where to get help at once; an unfinished check-in waits for them after.
        if (result.RaisedRisk)
            return Redirect($"/patient/support?next={Uri.EscapeDataString(next)}");
        if (result is QuestionnaireSubmission.Invalid invalid)
            return View("Step", await ViewModelAsync(open, checkIn, null, new Dictionary<string, string>(),
                await submission.KeptAnswersAsync(State.Patient.Id, phq9, AssessmentPoints.Weekly, week), invalid.Problems));
        return Redirect(next);
    }

    /// <summary>
    /// The weekly check-in comes first: until it is answered, a step after it (opened or posted directly) leads back
    /// to it. Returns the check-in step when that applies.
    /// </summary>
    private async Task<StepDefinition?> CheckInFirstAsync(ModulePlayer.Open open, StepDefinition step)
    {
        var checkIn = open.Content.Steps.FirstOrDefault(s => s.Kind == StepKinds.CheckIn);
        if (checkIn is null || open.IndexOf(step) <= open.IndexOf(checkIn) || !await WeeklyCheckInMissingAsync(open.Progress.Week))
            return null;
        return checkIn;
    }

    private Task<ModulePlayer.Opened> OpenAsync(int week) => player.OpenAsync(State, week);

    private async Task<bool> WeeklyCheckInMissingAsync(int week) =>
        (await plan.MissingAsync(State, AssessmentPoints.Weekly, week)).Count > 0;

    private IActionResult NotOpen(ModulePlayer.NotOpenYet closed)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("NotOpen", new NotOpenViewModel(closed.Week, closed.OpensAt is { } at ? State.Local(at) : null));
    }

    /// <summary>The step's page, showing <paramref name="answers"/> (posted or already read), or its saved answers when null.</summary>
    private async Task<StepViewModel> ViewModelAsync(ModulePlayer.Open open, StepDefinition step, IReadOnlyDictionary<string, string>? answers,
        IReadOnlyDictionary<string, string> problems, IReadOnlyDictionary<int, int?>? checkInAnswers = null, IReadOnlyList<string>? checkInProblems = null)
    {
        QuestionnaireViewModel? checkIn = null;
        var isCheckIn = step.Kind == StepKinds.CheckIn;
        if (isCheckIn && await WeeklyCheckInMissingAsync(open.Progress.Week))
        {
            var weekly = await plan.MeasuresAsync(AssessmentPoints.Weekly);
            var phq9 = weekly.Count > 0 ? weekly[0] : null;
            if (phq9 is not null)
                checkIn = new QuestionnaireViewModel(AssessmentPoints.Weekly, phq9, 1, 1, $"/patient/modules/{open.Progress.Week}/check-in",
                    checkInAnswers ?? await submission.KeptAnswersAsync(State.Patient.Id, phq9, AssessmentPoints.Weekly, open.Progress.Week), checkInProblems ?? []);
        }
        // A step without fields or questions has no saved answers to read.
        answers ??= step.Fields.Count + step.Questions.Count == 0 ? new Dictionary<string, string>() : await player.AnswersAsync(open.Progress, step.Id);
        return new StepViewModel(open, step, answers, problems, checkIn, isCheckIn ? await diary.LastWeekAsync(State) : null);
    }
}

public sealed record StepViewModel(
    ModulePlayer.Open Module, StepDefinition Step, IReadOnlyDictionary<string, string> Answers,
    IReadOnlyDictionary<string, string> Problems, QuestionnaireViewModel? CheckIn, DiaryWeekSummary? Diary)
{
    public int Index => Module.IndexOf(Step);
    public int Count => Module.Content.Steps.Count;
    public bool IsLast => Index == Count - 1;
}

public sealed record NotOpenViewModel(int Week, DateTimeOffset? OpensAtLocal);
