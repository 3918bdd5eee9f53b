using CbtProgram.Web.Domain.Scheduling;

namespace CbtProgram.Web.Notifications;

/// <summary>Which email leaves first when many wait: lower first, then the oldest. Stored with the message when it is queued.</summary>
public enum MailPriority
{
    /// <summary>Clinical alerts and the way into an account (invitations, choosing a password).</summary>
    Urgent = 0,
    /// <summary>Notices: a session is ready, a message arrived, a patient stopped or missed sessions.</summary>
    Notice = 1,
    /// <summary>Reminders and nudges that can wait behind everything else.</summary>
    Bulk = 2,
}

/// <summary>The one place that decides an email's priority: from its key, or for a scheduled event, from its kind.</summary>
public static class MailPriorities
{
    private static readonly string[] UrgentPrefixes = ["risk-alert:", "invitation:", "staff-account:"];
    private static readonly string[] BulkPrefixes = ["diary-reminder:"];

    public static MailPriority ForKey(string key) =>
        UrgentPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)) ? MailPriority.Urgent
        : BulkPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)) ? MailPriority.Bulk
        : MailPriority.Notice;

    /// <summary>A patient's email for a scheduled event (its key, <c>event:{id}:patient:email</c>, does not say the kind).</summary>
    public static MailPriority ForEvent(ScheduledEventKind kind) => kind switch
    {
        ScheduledEventKind.SessionReminder or ScheduledEventKind.ModuleNudge or ScheduledEventKind.FollowUpReminder
            or ScheduledEventKind.MidReminder or ScheduledEventKind.PostReminder => MailPriority.Bulk,
        _ => MailPriority.Notice,
    };
}
