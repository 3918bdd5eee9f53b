namespace CbtProgram.Web.Scheduling;

/// <summary>The schedule pages are one set of views for the patient and for staff.</summary>
public static class ScheduleViews
{
    public const string Schedule = "~/Views/Shared/Scheduling/Schedule.cshtml";
    public const string Move = "~/Views/Shared/Scheduling/MoveSession.cshtml";
    public const string Stop = "~/Views/Shared/Scheduling/StopProgram.cshtml";
    public const string NotEnrolled = "~/Views/Shared/Scheduling/NotEnrolled.cshtml";
}
