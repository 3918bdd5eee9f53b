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

    /// <summary>The mid and post windows program.yaml sets (a point with a week and window_days); the validator checks their values.</summary>
    public IReadOnlyList<Domain.Scheduling.AssessmentWindowRule> AssessmentWindows() => AssessmentPoints
        .Where(p => Domain.Scheduling.AssessmentWindows.KindsOf(p.Id) is not null && p.StoredWeek() is { } week && week >= 1 && week <= Weeks && p.WindowDays > 0)
        .Select(p => new Domain.Scheduling.AssessmentWindowRule(p.Id, p.StoredWeek()!.Value, p.Week is null, p.WindowDays!.Value, p.RemindersAfterDays))
        .ToList();
}

public sealed class AssessmentPoint
{
    public string Id { get; set; } = "";
    public string? When { get; set; }
    /// <summary>The point opens when this week's session opens (mid: week 6).</summary>
    public int? Week { get; set; }
    /// <summary>The point opens when this week has run its 7 days, as the next week would open (post: after week 12).</summary>
    public int? AfterWeek { get; set; }
    public List<string> Measures { get; set; } = [];
    [YamlMember(Alias = "diary_days_before_week_1")]
    public int? DiaryDaysBeforeWeek1 { get; set; }
    [YamlMember(Alias = "months_after_week_12")]
    public int? MonthsAfterWeek12 { get; set; }
    public int? WindowDays { get; set; }
    public List<int> RemindersAfterDays { get; set; } = [];
    public int? DiaryWeeksBefore { get; set; }

    /// <summary>The program week the point's answers are stored under (<see cref="Week"/> or <see cref="AfterWeek"/>).</summary>
    public int? StoredWeek() => Week ?? AfterWeek;

    /// <summary>
    /// The week whose weekly check-in answers count for this point too, or null: mid shares week 6's PHQ-9 when it is
    /// asked within that week (it opens with the week's session and is open at most 7 days), so nobody answers it twice in
    /// a week. Post never shares: it is asked after week 12 has ended, so week 12's check-in is not a post answer.
    /// </summary>
    public int? SharedCheckInWeek() =>
        Id == Domain.Measures.AssessmentPoints.Mid && Week is { } week && WindowDays is null or <= 7 ? week : null;
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
