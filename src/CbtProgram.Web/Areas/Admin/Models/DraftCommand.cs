using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Areas.Admin.Models;

/// <summary>
/// The editor's buttons: "save", "add-step", "remove-step:2", "up:2", "down:2", "add-field:2", "remove-field:2:0",
/// "add-phase:2", "remove-phase:2:1", "add-question:2", "remove-question:2:0". Each changes the posted form.
/// </summary>
public static class DraftCommand
{
    /// <summary>Applies the command; returns the index of the step to scroll back to, or null.</summary>
    public static int? Apply(string? command, DraftForm form)
    {
        var parts = (command ?? "save").Split(':');
        int At(int i) => int.TryParse(parts.ElementAtOrDefault(i), out var n) ? n : -1;
        var step = At(1);
        bool ValidStep() => step >= 0 && step < form.Steps.Count;

        switch (parts[0])
        {
            case "add-step":
                form.Steps.Add(new StepForm
                {
                    Id = UniqueId(form), Kind = StepKinds.Reading, Title = "New step", Minutes = 5, Body = "",
                });
                return form.Steps.Count - 1;
            case "remove-step" when ValidStep():
                form.Steps.RemoveAt(step);
                return Math.Min(step, form.Steps.Count - 1);
            case "up" when ValidStep() && step > 0:
                (form.Steps[step - 1], form.Steps[step]) = (form.Steps[step], form.Steps[step - 1]);
                return step - 1;
            case "down" when ValidStep() && step < form.Steps.Count - 1:
                (form.Steps[step + 1], form.Steps[step]) = (form.Steps[step], form.Steps[step + 1]);
                return step + 1;
            case "add-field" when ValidStep():
                var fields = form.Steps[step].Fields;
                fields.Add(new FieldForm { Id = $"field-{fields.Count + 1}", Label = "", Type = FieldTypes.LongText });
                return step;
            case "remove-field" when ValidStep() && At(2) >= 0 && At(2) < form.Steps[step].Fields.Count:
                form.Steps[step].Fields.RemoveAt(At(2));
                return step;
            case "add-phase" when ValidStep():
                form.Steps[step].Phases.Add(new PhaseForm { Name = "", Seconds = 60, Script = "" });
                return step;
            case "remove-phase" when ValidStep() && At(2) >= 0 && At(2) < form.Steps[step].Phases.Count:
                form.Steps[step].Phases.RemoveAt(At(2));
                return step;
            case "add-question" when ValidStep():
                var questions = form.Steps[step].Questions;
                questions.Add(new QuestionForm { Id = $"q{questions.Count + 1}", Answer = 1 });
                return step;
            case "remove-question" when ValidStep() && At(2) >= 0 && At(2) < form.Steps[step].Questions.Count:
                form.Steps[step].Questions.RemoveAt(At(2));
                return step;
            default:
                return ValidStep() ? step : null;
        }
    }

    private static string UniqueId(DraftForm form)
    {
        for (var n = 1; ; n++)
        {
            var id = $"new-step-{n}";
            if (form.Steps.All(s => s.Id != id))
                return id;
        }
    }
}
