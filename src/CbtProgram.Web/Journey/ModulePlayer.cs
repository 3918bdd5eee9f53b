using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// A patient working through a week's module one step at a time. The week opens only once its session time has
/// come; the content is the version pinned when it opened; progress is saved after every step.
/// </summary>
public sealed class ModulePlayer(AppDbContext db, ModuleOpening opening, PublishedModules modules, TimeProvider clock)
{
    public const int MaxAnswerLength = 4000;

    public abstract record Opened;
    public sealed record NotOpenYet(int Week, DateTimeOffset? OpensAt) : Opened;
    public sealed record Open(PatientModule Progress, ModuleDefinition Content) : Opened
    {
        public StepDefinition CurrentStep =>
            Content.FindStep(Progress.CurrentStepId ?? "") ?? Content.Steps[0];

        public int IndexOf(StepDefinition step) => Content.Steps.ToList().FindIndex(s => s.Id == step.Id);
    }

    public async Task<Opened> OpenAsync(PatientState state, int week)
    {
        if (NotOpen(state, week) is { } notOpen)
            return notOpen;
        var progress = await opening.OpenAsync(state.Patient.Id, week);
        return new Open(progress, await modules.ContentAsync(db, progress.ModuleVersionId));
    }

    /// <summary>
    /// The week opened as by <see cref="OpenAsync"/>, with one step's saved answers read in the same round trip as the
    /// progress (empty when the step has none), so every step costs the same queries whatever it holds.
    /// </summary>
    public async Task<(Opened Module, IReadOnlyDictionary<string, string> Answers)> OpenAtStepAsync(PatientState state, int week, string stepId)
    {
        if (NotOpen(state, week) is { } notOpen)
            return (notOpen, new Dictionary<string, string>());
        var found = await ProgressWithAnswers(db, state.Patient.Id, week, stepId);
        var progress = found?.Progress ?? await opening.OpenAsync(state.Patient.Id, week);
        return (new Open(progress, await modules.ContentAsync(db, progress.ModuleVersionId)), found?.Answers ?? new Dictionary<string, string>());
    }

    private sealed record ProgressAt(PatientModule Progress, Dictionary<string, string>? Answers);

    /// <summary>Compiled once (every step view reads it): EF otherwise rebuilds and hashes the query's expression tree on each call.</summary>
    private static readonly Func<AppDbContext, Guid, int, string, Task<ProgressAt?>> ProgressWithAnswers = EF.CompileAsyncQuery(
        (AppDbContext db, Guid patientId, int week, string stepId) => db.PatientModules.Where(m => m.PatientId == patientId && m.Week == week)
            .Select(m => new ProgressAt(m, db.StepAnswers.Where(a => a.PatientModuleId == m.Id && a.StepId == stepId).Select(a => a.Values).FirstOrDefault()))
            .FirstOrDefault());

    private NotOpenYet? NotOpen(PatientState state, int week)
    {
        var session = state.Session(week);
        return session is not null && session.IsDue(clock.GetUtcNow()) ? null : new NotOpenYet(week, session?.DueAt);
    }

    public async Task<IReadOnlyDictionary<string, string>> AnswersAsync(PatientModule progress, string stepId) =>
        await db.StepAnswers.Where(a => a.PatientModuleId == progress.Id && a.StepId == stepId).Select(a => a.Values).FirstOrDefaultAsync()
        ?? new Dictionary<string, string>();

    /// <summary>Checks a step's answers against its fields; problems by field id.</summary>
    public static IReadOnlyDictionary<string, string> Check(StepDefinition step, IReadOnlyDictionary<string, string> values)
    {
        var problems = new Dictionary<string, string>();
        foreach (var field in step.Fields)
        {
            if (!values.TryGetValue(field.Id, out var value) || value.Length == 0)
                continue;
            if (value.Length > MaxAnswerLength)
                problems[field.Id] = $"Please keep this under {MaxAnswerLength} characters.";
            else if (field.Type is FieldTypes.Scale or FieldTypes.Number
                     && (!int.TryParse(value, out var number) || number < (field.Min ?? int.MinValue) || number > (field.Max ?? int.MaxValue)))
                problems[field.Id] = field.Min is { } min && field.Max is { } max ? $"Choose a whole number from {min} to {max}." : "Enter a whole number.";
            else if (field.Type == FieldTypes.Choice && !field.Options.Contains(value))
                problems[field.Id] = "Choose one of the options.";
        }
        foreach (var question in step.Questions)
        {
            if (values.TryGetValue(question.Id, out var value) && value.Length > 0
                && (!int.TryParse(value, out var index) || index < 0 || index >= question.Options.Count))
                problems[question.Id] = "Choose one of the options.";
        }
        return problems;
    }

    /// <summary>Saves what the patient wrote in a step (only the step's own fields) and moves on; the last step completes the module.</summary>
    public async Task SaveAndMoveAsync(Open module, StepDefinition step, IReadOnlyDictionary<string, string> values, bool forward)
    {
        var now = clock.GetUtcNow();
        var known = step.Fields.Select(f => f.Id).Concat(step.Questions.Select(q => q.Id)).ToHashSet();
        var kept = values.Where(v => known.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value.Trim());
        if (known.Count > 0)
        {
            var answer = await db.StepAnswers.FirstOrDefaultAsync(a => a.PatientModuleId == module.Progress.Id && a.StepId == step.Id);
            if (answer is null)
            {
                answer = new StepAnswer(module.Progress.Id, step.Id);
                db.StepAnswers.Add(answer);
            }
            answer.Save(kept, now);
        }

        var steps = module.Content.Steps;
        var index = module.IndexOf(step);
        var progress = await db.PatientModules.SingleAsync(p => p.Id == module.Progress.Id);
        if (forward && index == steps.Count - 1)
            progress.Complete(now);
        else
            progress.MoveTo(steps[Math.Clamp(forward ? index + 1 : index - 1, 0, steps.Count - 1)].Id, now);
        await db.SaveChangesAsync();
    }
}
