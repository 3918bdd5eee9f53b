namespace CbtProgram.Web.Notifications.Push;

/// <summary>How a patient wants one kind of reminder: by email, as a notification on their devices, or both.</summary>
[Flags]
public enum ReminderChannels
{
    Email = 1,
    Push = 2,
    Both = Email | Push,
}

/// <summary>
/// A kind of reminder a patient chooses a channel for. <see cref="Id"/> is stored with the choice, so it never changes;
/// the label is what the schedule page shows.
/// </summary>
public sealed record ReminderKind(string Id, string Label, string Hint);

/// <summary>
/// Every kind of reminder a patient can route, in the order the schedule page lists them. A new kind is one line here
/// (and the call that sends it names it); choices not yet made are email, as reminders always were.
/// </summary>
public static class ReminderKinds
{
    public static readonly ReminderKind Sessions = new("sessions", "Weekly sessions", "When a new session opens, and a nudge if it is still waiting.");
    public static readonly ReminderKind Diary = new("diary", "Daily diary", "Your diary reminder, at the time you chose.");
    public static readonly ReminderKind Messages = new("messages", "Messages", "When your care team sends you a message.");
    public static readonly ReminderKind Questionnaires = new("questionnaires", "Halfway and end-of-program questionnaires", "When they are ready, and while they are open.");
    public static readonly ReminderKind FollowUp = new("follow-up", "Follow-up questionnaires", "When your four-month follow-up is ready, and while it is open.");

    public static readonly IReadOnlyList<ReminderKind> All = [Sessions, Diary, Messages, Questionnaires, FollowUp];

    public const ReminderChannels Default = ReminderChannels.Email;

    /// <summary>The kind a scheduled event's reminder to the patient belongs to.</summary>
    public static ReminderKind ForEvent(Domain.Scheduling.ScheduledEventKind kind) => kind switch
    {
        Domain.Scheduling.ScheduledEventKind.FollowUpOpens or Domain.Scheduling.ScheduledEventKind.FollowUpReminder
            or Domain.Scheduling.ScheduledEventKind.FollowUpCloses => FollowUp,
        Domain.Scheduling.ScheduledEventKind.MidOpens or Domain.Scheduling.ScheduledEventKind.MidReminder
            or Domain.Scheduling.ScheduledEventKind.PostOpens or Domain.Scheduling.ScheduledEventKind.PostReminder => Questionnaires,
        _ => Sessions,
    };

    public static ReminderKind? Find(string id) => All.FirstOrDefault(k => k.Id == id);
}
