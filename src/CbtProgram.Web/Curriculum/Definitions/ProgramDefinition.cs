using YamlDotNet.Serialization;

namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>program.yaml: the shape of the whole program. Property names follow the file's snake_case keys.</summary>
public sealed class ProgramDefinition
{
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public int Weeks { get; set; }
    public int SessionMinutes { get; set; }
    public string ModulesFolder { get; set; } = "modules";
    public string MeasuresFolder { get; set; } = "measures";
    public List<AssessmentPoint> AssessmentPoints { get; set; } = [];
    public ReminderSettings Reminders { get; set; } = new();
    public RiskSettings Risk { get; set; } = new();
    public ConsentText Consent { get; set; } = new();
}

public sealed class AssessmentPoint
{
    public string Id { get; set; } = "";
    public string? When { get; set; }
    public int? Week { get; set; }
    public List<string> Measures { get; set; } = [];
    [YamlMember(Alias = "diary_days_before_week_1")]
    public int? DiaryDaysBeforeWeek1 { get; set; }
    [YamlMember(Alias = "months_after_week_12")]
    public int? MonthsAfterWeek12 { get; set; }
    public int? WindowDays { get; set; }
    public List<int> RemindersAfterDays { get; set; } = [];
    public int? DiaryWeeksBefore { get; set; }
}

public sealed class ReminderSettings
{
    public int SessionReminderHoursBefore { get; set; } = 24;
    public int ModuleNudgeDaysAfterOpen { get; set; } = 3;
    public int MissedSessionsFlag { get; set; } = 2;
    public string DiaryReminderDefaultLocalTime { get; set; } = "20:00";

    /// <summary>The default diary reminder time, or null when the file's value is not a time of day (the validator reports it).</summary>
    public TimeOnly? DiaryReminderDefault() =>
        TimeOnly.TryParseExact(DiaryReminderDefaultLocalTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time) ? time : null;
}

/// <summary>
/// The risk-alert escalation ladder, in the clinic's working time: not acknowledged within
/// <see cref="AlertEscalationWorkingHours"/>, to the clinical leads; within <see cref="AdminEscalationWorkingHours"/>,
/// to the admins; acknowledged but not resolved within <see cref="UnresolvedAlertWorkingDays"/>, back to the therapist
/// and the leads.
/// </summary>
public sealed class RiskSettings
{
    public int AlertEscalationWorkingHours { get; set; } = 4;
    public int AdminEscalationWorkingHours { get; set; } = 8;
    public int UnresolvedAlertWorkingDays { get; set; } = 2;
    public int WorseningPhq9RiseFromBaseline { get; set; } = 5;

    public Domain.Safety.EscalationSettings Escalation() => new(
        TimeSpan.FromHours(AlertEscalationWorkingHours), TimeSpan.FromHours(AdminEscalationWorkingHours), UnresolvedAlertWorkingDays);
}

public sealed class ConsentText
{
    public int Version { get; set; }
    public string Text { get; set; } = "";
    /// <summary>The optional research item, with a version of its own (Outcomes/Research/ResearchConsents); null: not offered.</summary>
    public ConsentText? Research { get; set; }
}
