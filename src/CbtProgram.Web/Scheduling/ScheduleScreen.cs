namespace CbtProgram.Web.Scheduling;

/// <summary>
/// What the schedule pages show, for the patient ("your sessions") and for their therapist or an admin (the same
/// page about a named patient). <see cref="BasePath"/> is where the page's forms post.
/// </summary>
public sealed record ScheduleScreen(SessionPlan Plan, string BasePath, string? PatientName)
{
    public bool ForStaff => PatientName is not null;
}

public sealed record MoveSessionScreen(ScheduleScreen Schedule, PlannedSession Session, MoveSessionForm Form);

public sealed class MoveSessionForm
{
    public DateOnly? Date { get; set; }
    public TimeOnly? Time { get; set; }
}

public sealed class DiaryReminderForm
{
    public bool On { get; set; }
    public TimeOnly? Time { get; set; }
}

public sealed class StopProgramForm
{
    public string? Reason { get; set; }
}

public sealed class TimeZoneForm
{
    public string? TimeZone { get; set; }
}
