using System.Net;
using System.Text.RegularExpressions;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>/admin/operations: lists a page at a time, filtered by kind; a dead letter shows its error and can be requeued; admins only.</summary>
public sealed partial class OperationsPageTests : ClockedScheduleTests
{
    private static readonly SessionPreferences Tuesdays = new("Europe/London", DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1));

    [Fact]
    public async Task OverdueEvents_ComeAPageAtATime_AndTheKindFilterNarrowsThem()
    {
        var (_, enrolmentId) = await EnrolAsync("many@example.org", Tuesdays);
        // 60 nudges due between 07:01 and 08:00 this morning (the clock says 09:00): all overdue. The program's own events are later.
        await WithDbAsync(async db =>
        {
            for (var i = 1; i <= 60; i++)
                db.ScheduledEvents.Add(new ScheduledEvent(enrolmentId, ScheduledEventKind.ModuleNudge, 1, new LocalMoment(new DateOnly(2027, 3, 1), new TimeOnly(7, 0).AddMinutes(i)), London, sequence: i));
            return await db.SaveChangesAsync();
        });
        var admin = await Site.SignedInAsAsync("admin@example.org");

        var first = await admin.GetStringAsync("/admin/operations?show=overdue");
        var second = await admin.GetStringAsync("/admin/operations?show=overdue&page=2");
        var nudges = await admin.GetStringAsync("/admin/operations?show=overdue&kind=ModuleNudge&page=2");
        var openings = await admin.GetStringAsync("/admin/operations?show=overdue&kind=SessionOpens");

        Assert.Contains("Overdue events (60)", first);
        Assert.Equal(50, Rows(first));
        Assert.Contains("show=overdue&amp;page=2", first);
        Assert.Contains("1 Mar 2027 07:01 UTC", first); // the longest overdue first
        Assert.Equal(10, Rows(second));
        Assert.Contains("1 Mar 2027 08:00 UTC", second);
        Assert.DoesNotContain("Next page", second);
        Assert.Equal(10, Rows(nudges));
        Assert.Equal(0, Rows(openings));
        Assert.Contains("No event of this kind (Session opens) is overdue.", openings);
        Assert.Contains("Skye Jewell", first);
        Assert.Contains($"/admin/schedules/{enrolmentId}", first);
        Assert.Contains("60, the oldest 119 minutes late", first); // the summary: the count and the oldest one's age
    }

    [Fact]
    public async Task ADeadLetter_IsListedWithItsError_AndRequeueingItPutsItBackInTheQueue()
    {
        var dead = new OutboxMessage("walk:dead", "nobody@example.org", "CbtProgram: you have a message", "Sign in to read it.", MailPriority.Notice, Clock.GetUtcNow());
        dead.Fail("550 5.1.1 No such mailbox", Clock.GetUtcNow(), hopeless: true, jitter: 0);
        await WithDbAsync(async db => { db.OutboxMessages.Add(dead); return await db.SaveChangesAsync(); });
        var admin = await Site.SignedInAsAsync("admin@example.org");

        var page = await admin.GetStringAsync("/admin/operations");
        var requeue = await admin.PostFormAsync("/admin/operations?show=dead-letters", $"/admin/operations/mail/{dead.Id}/requeue", [new("show", "dead-letters")]);
        var after = await admin.GetStringAsync(requeue.Headers.Location!.ToString());

        Assert.Contains("Dead-lettered email (1)", page);
        Assert.Contains("nobody@example.org", page); // the list shown when there are no failed or overdue events
        Assert.Contains("550 5.1.1 No such mailbox", page);
        Assert.Contains($"/admin/operations/mail/{dead.Id}/requeue", page);
        Assert.Equal(HttpStatusCode.Redirect, requeue.StatusCode);
        Assert.Contains("The email is queued again", after);
        Assert.Contains("Dead-lettered email (0)", after);
        var requeued = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == dead.Id));
        Assert.Equal((null, 0, null), (requeued.DeadLetteredAt, requeued.Attempts, requeued.LastError));
        Assert.Single(await WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "requeued email" && a.Detail == dead.Id.ToString()).ToListAsync()));
    }

    [Fact]
    public async Task RunNow_OnBadInput_SaysSoAndChangesNothing()
    {
        var (_, enrolmentId) = await EnrolAsync("early@example.org", Tuesdays);
        var (_, otherId) = await EnrolAsync("other@example.org", Tuesdays);
        var notDue = await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1);
        var others = await EventAsync(otherId, ScheduledEventKind.SessionOpens, 1);
        var admin = await Site.SignedInAsAsync("admin@example.org");
        var path = $"/admin/schedules/{enrolmentId}";

        await admin.PostFormAsync(path, $"{path}/events/{notDue.Id}/run", []);
        var early = WebUtility.HtmlDecode(await admin.GetStringAsync(path));
        await admin.PostFormAsync(path, $"{path}/events/{others.Id}/run", []);
        var wrong = WebUtility.HtmlDecode(await admin.GetStringAsync(path));
        var unknown = await admin.PostFormAsync(path, $"/admin/operations/events/{Guid.NewGuid()}/retry", []);

        Assert.Contains("That event is not due yet; it will run at its time. Nothing was changed.", early);
        Assert.Contains("That event is not part of this patient's schedule. Nothing was changed.", wrong);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Equal(notDue.Status, (await EventAsync(enrolmentId, ScheduledEventKind.SessionOpens, 1)).Status);
        Assert.Equal(others.Status, (await EventAsync(otherId, ScheduledEventKind.SessionOpens, 1)).Status);
        Assert.Equal(0, await WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "retried failed scheduled event")));
    }

    [Theory]
    [InlineData("patient@example.org")]
    [InlineData("therapist@example.org")]
    [InlineData("lead@example.org")]
    public async Task TheOperationsPage_IsForAdminsOnly(string email)
    {
        var client = await Site.SignedInAsAsync(email);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/operations")).StatusCode);
    }

    [Fact]
    public async Task TheOperationsPage_SendsAnonymousVisitorsToSignIn()
    {
        var response = await Site.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/admin/operations");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString());
    }

    private static int Rows(string html) => RetryButton().Count(html);

    [GeneratedRegex("/admin/operations/events/[0-9a-f-]{36}/retry")]
    private static partial Regex RetryButton();
}
