using System.Text.RegularExpressions;

namespace CbtProgram.Web.Areas.Admin.Models;

/// <summary>Turns a problem's path (steps[2].fields[0].type) into words an admin can find (Step 3, field 1).</summary>
public static partial class ProblemLocation
{
    public static string Describe(string path)
    {
        var step = StepPattern().Match(path);
        if (!step.Success)
            return path switch { "title" => "Title", "summary" => "Summary", "components" => "Components", "changeNote" => "Change note", _ => "Module" };
        return $"Step {int.Parse(step.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}";
    }

    /// <summary>The index of the step a path points into, for a link to it.</summary>
    public static int? StepIndex(string path)
    {
        var step = StepPattern().Match(path);
        return step.Success ? int.Parse(step.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^steps\[(\d+)\]")]
    private static partial Regex StepPattern();
}
