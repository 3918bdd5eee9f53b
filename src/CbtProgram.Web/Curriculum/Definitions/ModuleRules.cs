using System.Text.RegularExpressions;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>A problem in a module, located by a path such as <c>steps[2].fields</c>.</summary>
public sealed record ModuleProblem(string Path, string Message);

/// <summary>What makes a module valid, whether it came from a file or from an admin's draft. One place for each rule.</summary>
public static partial class ModuleRules
{
    public const int MinStepMinutes = 1;
    public const int MaxStepMinutes = 30;
    public const int MinModuleMinutes = 45;
    public const int MaxModuleMinutes = 55;
    public const int MinPhaseSeconds = 5;
    public const int MaxPhaseSeconds = 1800;

    public static IReadOnlyList<ModuleProblem> Check(ModuleDefinition module, int weeks = 12)
    {
        var problems = new List<ModuleProblem>();
        void Add(string path, string message) => problems.Add(new ModuleProblem(path, message));

        if (module.Week < 1 || module.Week > weeks)
            Add("week", $"week must be a whole number from 1 to {weeks}, not {module.Week}");
        if (string.IsNullOrWhiteSpace(module.Title))
            Add("title", "the module needs a title");
        if (string.IsNullOrWhiteSpace(module.Summary))
            Add("summary", "the module needs a summary");
        if (module.Components.Count == 0)
            Add("components", "list at least one program component");
        for (var i = 0; i < module.Components.Count; i++)
        {
            if (!Components.All.ContainsKey(module.Components[i]))
                Add($"components[{i}]", $"unknown component '{module.Components[i]}' (known: {string.Join(", ", Components.All.Keys)})");
        }
        if (module.Steps.Count == 0)
            Add("steps", "the module needs at least one step");

        var seen = new HashSet<string>();
        for (var i = 0; i < module.Steps.Count; i++)
            CheckStep(module.Steps[i], $"steps[{i}]", seen, Add);

        var total = module.TotalMinutes;
        if (module.Steps.Count > 0 && (total < MinModuleMinutes || total > MaxModuleMinutes))
            Add("steps", $"the steps add up to {total} minutes; a module takes {MinModuleMinutes} to {MaxModuleMinutes} minutes");
        return problems;
    }

    private static void CheckStep(StepDefinition step, string path, HashSet<string> seen, Action<string, string> add)
    {
        if (!IdPattern().IsMatch(step.Id))
            add($"{path}.id", $"step id '{step.Id}' must use lower-case letters, digits and hyphens");
        else if (!seen.Add(step.Id))
            add($"{path}.id", $"duplicate step id '{step.Id}'");
        if (!StepKinds.All.Contains(step.Kind))
            add($"{path}.kind", $"unknown step kind '{step.Kind}' (known: {string.Join(", ", StepKinds.All)})");
        if (string.IsNullOrWhiteSpace(step.Title))
            add($"{path}.title", $"step '{step.Id}' needs a title");
        if (step.Minutes < MinStepMinutes || step.Minutes > MaxStepMinutes)
            add($"{path}.minutes", $"step '{step.Id}' takes {step.Minutes} minutes; a step takes {MinStepMinutes} to {MaxStepMinutes}");

        switch (step.Kind)
        {
            case StepKinds.Reading when string.IsNullOrWhiteSpace(step.Body):
                add($"{path}.body", $"reading step '{step.Id}' has no text");
                break;
            case StepKinds.Exercise:
                CheckPhases(step, path, add);
                break;
            case StepKinds.Quiz:
                CheckQuestions(step, path, add);
                break;
            case var kind when StepKinds.HasFields(kind):
                CheckFields(step, path, add);
                break;
        }
    }

    private static void CheckPhases(StepDefinition step, string path, Action<string, string> add)
    {
        if (step.Phases.Count == 0)
            add($"{path}.phases", $"exercise '{step.Id}' has no phases");
        for (var j = 0; j < step.Phases.Count; j++)
        {
            var phase = step.Phases[j];
            if (string.IsNullOrWhiteSpace(phase.Name) || string.IsNullOrWhiteSpace(phase.Script))
                add($"{path}.phases[{j}]", $"phase {j + 1} of '{step.Id}' needs a name and a script");
            if (phase.Seconds < MinPhaseSeconds || phase.Seconds > MaxPhaseSeconds)
                add($"{path}.phases[{j}].seconds", $"phase {j + 1} of '{step.Id}' lasts {phase.Seconds} seconds; a phase lasts {MinPhaseSeconds} to {MaxPhaseSeconds}");
        }
    }

    private static void CheckQuestions(StepDefinition step, string path, Action<string, string> add)
    {
        if (step.Questions.Count == 0)
            add($"{path}.questions", $"quiz '{step.Id}' has no questions");
        for (var j = 0; j < step.Questions.Count; j++)
        {
            var q = step.Questions[j];
            if (string.IsNullOrWhiteSpace(q.Text))
                add($"{path}.questions[{j}]", $"question {j + 1} of '{step.Id}' has no text");
            if (q.Options.Count is < 2 or > 5)
                add($"{path}.questions[{j}].options", $"question {j + 1} of '{step.Id}' needs 2 to 5 options");
            else if (q.Answer < 0 || q.Answer >= q.Options.Count)
                add($"{path}.questions[{j}].answer", $"question {j + 1} of '{step.Id}' marks option {q.Answer + 1} as right, but has {q.Options.Count} options");
        }
    }

    private static void CheckFields(StepDefinition step, string path, Action<string, string> add)
    {
        if (step.Fields.Count == 0)
            add($"{path}.fields", $"{StepKinds.Describe(step.Kind).ToLowerInvariant()} '{step.Id}' has no fields");
        var ids = new HashSet<string>();
        for (var j = 0; j < step.Fields.Count; j++)
        {
            var f = step.Fields[j];
            var at = $"{path}.fields[{j}]";
            if (!IdPattern().IsMatch(f.Id))
                add($"{at}.id", $"field id '{f.Id}' in '{step.Id}' must use lower-case letters, digits and hyphens");
            else if (!ids.Add(f.Id))
                add($"{at}.id", $"duplicate field id '{f.Id}' in '{step.Id}'");
            if (string.IsNullOrWhiteSpace(f.Label))
                add($"{at}.label", $"field '{f.Id}' in '{step.Id}' needs a label");
            if (!FieldTypes.All.Contains(f.Type))
                add($"{at}.type", $"field '{f.Id}' in '{step.Id}' has unknown type '{f.Type}' (known: {string.Join(", ", FieldTypes.All)})");
            if (f.Type == FieldTypes.Scale && (f.Min is null || f.Max is null || f.Min >= f.Max))
                add($"{at}", $"scale field '{f.Id}' in '{step.Id}' needs a min below its max");
            if (f.Type == FieldTypes.Choice && f.Options.Count < 2)
                add($"{at}.options", $"choice field '{f.Id}' in '{step.Id}' needs at least 2 options");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
