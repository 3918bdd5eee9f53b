using System.Globalization;
using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.Web.Curriculum.Settings;

/// <summary>
/// The program settings that matter to patients and staff, one row each, in words: risk rules and thresholds,
/// escalation, assessment points, reminders, the consent. Rows marked Safety are the ones PROGRAM.md's Safety rests on.
/// </summary>
public static class SettingsSummary
{
    /// <summary>One setting in words; Compared is what a change is judged on when Value only describes it (a long text).</summary>
    public sealed record Row(string Group, string Setting, string Value, bool Safety, string? Compared = null)
    {
        public string Key => $"{Group}/{Setting}";
        public string ComparedValue => Compared ?? Value;
    }

    /// <summary>The rows of a set of settings files, or null when program.yaml cannot be read.</summary>
    public static IReadOnlyList<Row>? Of(IReadOnlyList<SettingsFile> files)
    {
        var programYaml = files.FirstOrDefault(f => f.Path == CurriculumFolderReader.ProgramFile)?.Content;
        var program = programYaml is null ? null : CurriculumFolderReader.Deserialize<ProgramDefinition>(CurriculumFolderReader.ProgramFile, programYaml, []);
        if (program is null)
            return null;
        var measures = files.Where(f => f.Path.StartsWith(program.MeasuresFolder + "/", StringComparison.Ordinal))
            .Select(f => CurriculumFolderReader.Deserialize<MeasureDefinition>(f.Path, f.Content, []))
            .OfType<MeasureDefinition>()
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        return Of(program, measures);
    }

    public static IReadOnlyList<Row> Of(ProgramDefinition program, IReadOnlyList<MeasureDefinition> measures)
    {
        var rows = new List<Row>
        {
            new("Program", "Title", program.Title, false),
            new("Program", "Weeks", $"{program.Weeks} weeks of {program.SessionMinutes} minutes", false),
            new("Risk alerts", "Escalation to the clinical leads", $"after {program.Risk.AlertEscalationWorkingHours} working hours without acknowledgement", true),
            new("Risk alerts", "Escalation to the admins", $"after {program.Risk.AdminEscalationWorkingHours} working hours without acknowledgement", true),
            new("Risk alerts", "Back to the therapist and the leads", $"after {program.Risk.UnresolvedAlertWorkingDays} working days acknowledged but not resolved", true),
            new("Risk alerts", "Worsening flag", $"PHQ-9 up {program.Risk.WorseningPhq9RiseFromBaseline} or more from baseline", true),
        };
        rows.AddRange(program.AssessmentPoints.Select(p => new Row("Assessment points", p.Id, Describe(p), p.Id == AssessmentPoints.Weekly)));
        rows.Add(new("Reminders", "Session reminder", $"{program.Reminders.SessionReminderHoursBefore} hours before a session opens", false));
        rows.Add(new("Reminders", "Module nudge", $"{program.Reminders.ModuleNudgeDaysAfterOpen} days after a week opens", false));
        rows.Add(new("Reminders", "Missed sessions flag", $"after {program.Reminders.MissedSessionsFlag} missed sessions in a row", true));
        rows.Add(new("Reminders", "Diary reminder", $"{program.Reminders.DiaryReminderDefaultLocalTime} unless the patient chooses another time", false));
        rows.Add(new("Consent", "Version", program.Consent.Version.ToString(CultureInfo.InvariantCulture), true));
        rows.Add(new("Consent", "Text", $"{Words(program.Consent.Text)} words", true, program.Consent.Text));
        foreach (var m in measures)
        {
            var isPhq9 = m.Id == SafetyRules.Phq9;
            rows.Add(new(m.Name, "Switched on", m.Enabled ? "yes" : "no", isPhq9));
            rows.Add(new(m.Name, "Risk rules", m.RiskRules.Count == 0 ? "none" : string.Join("; ", m.RiskRules.Select(Describe)), true));
            rows.Add(new(m.Name, "Score bands", m.Bands.Count == 0 ? "none" : string.Join(", ", m.Bands.Select(b => $"{b.Min}–{b.Max} {b.Label}")), false));
            rows.Add(new(m.Name, "Scoring", $"{m.Scoring.Method} × {m.Scoring.Multiplier}, {m.Scoring.Min} to {m.Scoring.Max}", false));
            rows.Add(new(m.Name, "Questions", $"{m.Items.Count} questions", isPhq9,
                string.Join("\n", m.Items.Select(i => $"{i.Name} {i.Text} {Options(m.AnswerFor(i))}{(i.Scored ? "" : " (not scored)")}").Prepend($"{m.Period} {m.Instructions} {Options(m.Answer)}"))));
        }
        return rows;
    }

    private static string Describe(AssessmentPoint point)
    {
        var when = point.When switch
        {
            "enrolment" => "at enrolment",
            "each-session-start" => "at the start of each session",
            { } other => other,
            null when point.Week is { } week => $"in week {week}",
            null when point.AfterWeek is { } week => $"when week {week} ends",
            null when point.MonthsAfterWeek12 is { } months => $"{months} months after week 12",
            _ => "(no time given)",
        };
        var extras = new List<string>();
        if (point.WindowDays is { } window)
            extras.Add($"open {window} days");
        if (point.RemindersAfterDays.Count > 0)
            extras.Add($"reminders after {string.Join(" and ", point.RemindersAfterDays)} days");
        if (point.DiaryDaysBeforeWeek1 is { } days)
            extras.Add($"{days} diary days before week 1");
        if (point.DiaryWeeksBefore is { } weeks)
            extras.Add($"diary for the {weeks} weeks before");
        var measures = point.Measures.Count == 0 ? "no questionnaires" : string.Join(", ", point.Measures.Select(m => m.ToUpperInvariant()));
        return $"{when}: {measures}" + (extras.Count > 0 ? $" ({string.Join(", ", extras)})" : "");
    }

    private static string Describe(RiskRule rule) =>
        rule.Item is { } item ? $"question {item} above {rule.Above ?? 0}"
        : rule.TotalAtLeast is { } total ? $"a total of {total} or more"
        : "(a rule with no item or total)";

    private static string Options(AnswerFormat answer) =>
        answer.Type == AnswerFormat.ChoiceType ? string.Join("|", answer.Options.Select(o => $"{o.Value}={o.Label}")) : $"{answer.Type} {answer.Min}-{answer.Max}";

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
