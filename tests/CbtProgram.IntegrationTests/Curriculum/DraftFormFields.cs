using System.Globalization;
using CbtProgram.Web.Areas.Admin.Models;

namespace CbtProgram.IntegrationTests.Curriculum;

/// <summary>The editor's form as a browser posts it: every input, by its name.</summary>
internal static class DraftFormFields
{
    public static List<KeyValuePair<string, string>> Of(DraftForm form, string command = "save")
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, object? value) => fields.Add(new(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));

        Add("command", command);
        Add("Form.Revision", form.Revision);
        Add("Form.Title", form.Title);
        Add("Form.Summary", form.Summary);
        foreach (var component in form.Components)
            Add("Form.Components", component);
        for (var i = 0; i < form.Steps.Count; i++)
        {
            var s = form.Steps[i];
            var p = $"Form.Steps[{i}]";
            Add($"{p}.Id", s.Id);
            Add($"{p}.Kind", s.Kind);
            Add($"{p}.Title", s.Title);
            Add($"{p}.Minutes", s.Minutes);
            Add($"{p}.Body", s.Body);
            for (var j = 0; j < s.Phases.Count; j++)
            {
                Add($"{p}.Phases[{j}].Name", s.Phases[j].Name);
                Add($"{p}.Phases[{j}].Seconds", s.Phases[j].Seconds);
                Add($"{p}.Phases[{j}].Script", s.Phases[j].Script);
            }
            for (var j = 0; j < s.Fields.Count; j++)
            {
                var f = s.Fields[j];
                Add($"{p}.Fields[{j}].Id", f.Id);
                Add($"{p}.Fields[{j}].Label", f.Label);
                Add($"{p}.Fields[{j}].Type", f.Type);
                Add($"{p}.Fields[{j}].Help", f.Help);
                Add($"{p}.Fields[{j}].Min", f.Min);
                Add($"{p}.Fields[{j}].Max", f.Max);
                Add($"{p}.Fields[{j}].Options", f.Options);
            }
            for (var j = 0; j < s.Questions.Count; j++)
            {
                var q = s.Questions[j];
                Add($"{p}.Questions[{j}].Id", q.Id);
                Add($"{p}.Questions[{j}].Text", q.Text);
                Add($"{p}.Questions[{j}].Options", q.Options);
                Add($"{p}.Questions[{j}].Answer", q.Answer);
                Add($"{p}.Questions[{j}].Explain", q.Explain);
            }
        }
        return fields;
    }
}
