using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;

namespace CbtProgram.UnitTests.Notifications;

public sealed class MailPrioritiesTests
{
    [Theory]
    [InlineData("risk-alert:7:owner:u1:email", MailPriority.Urgent)]
    [InlineData("risk-alert:7:Admins:u2", MailPriority.Urgent)]
    [InlineData("invitation:7:email", MailPriority.Urgent)]
    [InlineData("staff-account:u3:email", MailPriority.Urgent)]
    [InlineData("message:7:email", MailPriority.Notice)]
    [InlineData("withdrawn:7:therapist:email", MailPriority.Notice)]
    [InlineData("event:7:therapist:email", MailPriority.Notice)]
    [InlineData("diary-reminder:7:2027-03-01", MailPriority.Bulk)]
    public void ForKey_ClassesByWhatTheKeyNames(string key, MailPriority expected) => Assert.Equal(expected, MailPriorities.ForKey(key));

    [Theory]
    [InlineData(ScheduledEventKind.SessionOpens, MailPriority.Notice)]
    [InlineData(ScheduledEventKind.FollowUpOpens, MailPriority.Notice)]
    [InlineData(ScheduledEventKind.SessionReminder, MailPriority.Bulk)]
    [InlineData(ScheduledEventKind.ModuleNudge, MailPriority.Bulk)]
    [InlineData(ScheduledEventKind.FollowUpReminder, MailPriority.Bulk)]
    public void ForEvent_PutsRemindersAndNudgesBehindNotices(ScheduledEventKind kind, MailPriority expected) => Assert.Equal(expected, MailPriorities.ForEvent(kind));
}
