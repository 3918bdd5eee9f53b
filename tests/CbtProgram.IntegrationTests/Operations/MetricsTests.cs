using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>
/// /metrics: Prometheus text for signed-in admins only, whose gauges agree with the database (counted here independently)
/// and whose dispatch-lag histogram records each completed event.
/// </summary>
public sealed class MetricsTests : ClockedScheduleTests
{
    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) => site.WithSetting("Metrics:CacheSeconds", "0");

    [Fact]
    public async Task Metrics_ForAnonymousVisitorsAndStaffWhoAreNotAdmins_AreRefused()
    {
        var anonymous = await Site.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/metrics");
        var therapist = await (await Site.SignedInAsAsync("therapist@example.org")).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.DoesNotContain("cbt_", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, therapist.StatusCode);
        Assert.DoesNotContain("cbt_", await therapist.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_ForAnAdmin_MatchTheDatabase_AndTheLagHistogramRecordsADispatch()
    {
        var tuesdays = new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1));
        var enrolments = new List<Guid>();
        for (var i = 0; i < 3; i++)
            enrolments.Add((await EnrolAsync($"metrics-{i}@example.org", tuesdays)).EnrolmentId);
        Clock.SetUtcNow(At(London, 2027, 3, 2, 18, 40)); // three reminders (a day before) and three openings overdue
        var failed = await EventAsync(enrolments[0], ScheduledEventKind.SessionReminder, 1);
        await WithDbAsync(async db =>
        {
            var row = await db.ScheduledEvents.SingleAsync(e => e.Id == failed.Id);
            var now = Clock.GetUtcNow();
            for (var i = 0; i < 5; i++)
                row.Fail("broken", maxAttempts: 5, now);
            db.OutboxMessages.Add(new OutboxMessage("metrics:waiting:1", "a@example.org", "CbtProgram", "Sign in.", MailPriority.Notice, now.AddMinutes(-7)));
            db.OutboxMessages.Add(new OutboxMessage("metrics:waiting:2", "b@example.org", "CbtProgram", "Sign in.", MailPriority.Urgent, now));
            var dead = new OutboxMessage("metrics:dead", "c@example.org", "CbtProgram", "Sign in.", MailPriority.Notice, now);
            dead.Fail("550 no such mailbox", now, hopeless: true, jitter: 0);
            db.OutboxMessages.Add(dead);
            return await db.SaveChangesAsync();
        });
        var admin = await Site.SignedInAsAsync("admin@example.org");

        var text = await admin.GetStringAsync("/metrics");

        var cutoff = Clock.GetUtcNow().AddSeconds(-60);
        var overdue = await WithDbAsync(db => db.ScheduledEvents.CountAsync(e => e.DueAt <= cutoff
            && (e.Status == ScheduledEventStatus.Pending || e.Status == ScheduledEventStatus.Planned)));
        Assert.Equal(5, overdue); // six overdue, one of them failed for good
        Assert.Equal(overdue, Value(text, "cbt_events_overdue"));
        Assert.Equal(await WithDbAsync(db => db.ScheduledEvents.CountAsync(e => e.Status == ScheduledEventStatus.Failed)), Value(text, "cbt_events_failed"));
        Assert.Equal(1, Value(text, "cbt_events_failed"));
        Assert.Equal(await WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null && m.DeadLetteredAt == null)), Value(text, "cbt_mail_backlog"));
        Assert.Equal(2, Value(text, "cbt_mail_backlog"));
        Assert.Equal(1, Value(text, "cbt_mail_dead_letters"));
        Assert.Equal(7 * 60, Value(text, "cbt_mail_backlog_oldest_age_seconds"));
        Assert.Equal((24 * 60 + 10) * 60, Value(text, "cbt_events_overdue_oldest_age_seconds")); // a reminder, a day before its session
        Assert.Equal(0, Value(text, "cbt_jobs_servers_alive")); // this site runs no job server
        Assert.DoesNotContain("cbt_events_dispatch_lag_seconds_count", text);

        var opening = await EventAsync(enrolments[1], ScheduledEventKind.SessionOpens, 1);
        Assert.True(await DispatchAsync(opening.Id));
        var after = await admin.GetStringAsync("/metrics");

        Assert.Equal(1, Value(after, "cbt_events_dispatch_lag_seconds_count"));
        Assert.Equal(10 * 60, Value(after, "cbt_events_dispatch_lag_seconds_sum")); // due 18:30, done 18:40
        Assert.Equal(overdue - 1, Value(after, "cbt_events_overdue"));
    }

    /// <summary>The value of a metric's first series (the exporter adds labels of its own, such as the meter's name).</summary>
    private static double Value(string text, string name)
    {
        var match = Regex.Match(text, $"^{Regex.Escape(name)}(?:\\{{[^}}]*\\}})? (\\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} is not in the metrics:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
