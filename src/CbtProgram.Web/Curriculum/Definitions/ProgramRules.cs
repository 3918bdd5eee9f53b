using CbtProgram.Web.Curriculum.Files;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>Checks across the whole program: every week once, every component somewhere, every named measure present.</summary>
public static class ProgramRules
{
    public static IEnumerable<CurriculumProblem> Check(ProgramDefinition program, string yaml,
        IReadOnlyList<ModuleDefinition> modules, IReadOnlyList<MeasureDefinition> measures)
    {
        const string file = CurriculumFolderReader.ProgramFile;
        if (program.Weeks < 1)
        {
            yield return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "weeks"), "weeks must be at least 1");
            yield break;
        }
        for (var week = 1; week <= program.Weeks; week++)
        {
            var count = modules.Count(m => m.Week == week);
            if (count == 0)
                yield return new CurriculumProblem(program.ModulesFolder, 0, $"week {week} has no module");
            else if (count > 1)
                yield return new CurriculumProblem(program.ModulesFolder, 0, $"week {week} has {count} modules; each week has one");
        }

        var covered = modules.SelectMany(m => m.Components).ToHashSet();
        if (modules.Count == program.Weeks)
        {
            foreach (var missing in Components.Required.Where(c => !covered.Contains(c)))
                yield return new CurriculumProblem(program.ModulesFolder, 0, $"no module covers '{Components.All[missing]}' ({missing})");
        }

        var known = measures.Select(m => m.Id).ToHashSet();
        foreach (var point in program.AssessmentPoints)
        {
            foreach (var measure in point.Measures.Where(m => !known.Contains(m)))
                yield return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "assessment_points"),
                    $"assessment point '{point.Id}' names measure '{measure}', which has no file");
        }
        foreach (var problem in AssessmentTimingRules.Check(program, yaml))
            yield return problem;
        var risk = program.Risk;
        if (risk.AlertEscalationWorkingHours < 1 || risk.AdminEscalationWorkingHours <= risk.AlertEscalationWorkingHours || risk.UnresolvedAlertWorkingDays < 1)
            yield return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "risk"),
                "the risk-alert escalation needs at least 1 working hour before the clinical leads are told, more before the admins are, and at least 1 working day before an unresolved alert comes back");
        if (program.Reminders.DiaryReminderDefault() is null)
            yield return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "diary_reminder_default_local_time"),
                $"diary_reminder_default_local_time '{program.Reminders.DiaryReminderDefaultLocalTime}' is not a 24-hour time such as \"20:00\"");
        if (string.IsNullOrWhiteSpace(program.Consent.Text) || program.Consent.Version < 1)
            yield return new CurriculumProblem(file, CurriculumFolderReader.LineOfKey(yaml, "consent"), "the consent needs a version (1 or more) and its text");
    }
}
