using System.Net;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Domain.Curriculum;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>
/// A poison event (a week with no published module) among many due ones, on a site with a real job server: the sweeps run
/// the others and leave it Failed; /admin/operations shows it with its error; "Run now" on it queues a job and reports the
/// failure in plain words (never an error page); once the module exists, "Retry" queues it again and it runs.
/// </summary>
public sealed class PoisonEventRetryTests : ClockedScheduleTests
{
    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) =>
        site.WithSetting("Jobs:RunServer", "true").WithSetting("Operations:RunNowWaitSeconds", "30");

    [Fact]
    public async Task APoisonEvent_FailsVisiblyOnTheOperationsPage_RunNowSaysWhy_AndRetryRunsItOnceFixed()
    {
        var enrolments = new List<Guid>();
        for (var i = 0; i < 10; i++)
            enrolments.Add((await EnrolAsync($"retry-{i}@example.org", new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)))).EnrolmentId);
        var poison = new ScheduledEvent(enrolments[0], ScheduledEventKind.SessionOpens, 13, new LocalMoment(new DateOnly(2027, 3, 1), new TimeOnly(8, 0)), London);
        await WithDbAsync(async db => { db.ScheduledEvents.Add(poison); return await db.SaveChangesAsync(); });
        Clock.SetUtcNow(At(London, 2027, 3, 2, 18, 35));

        for (var sweep = 1; sweep <= EventDispatcher.MaxAttempts; sweep++)
        {
            await SweepAsync();
            Clock.Advance(TimeSpan.FromMinutes(10)); // past the next attempt's time (1, 2, 4, 8 minutes)
        }

        var others = await WithDbAsync(db => db.ScheduledEvents.AsNoTracking()
            .Where(e => enrolments.Contains(e.EnrolmentId) && e.DueAt <= At(London, 2027, 3, 2, 18, 35) && e.Id != poison.Id).ToListAsync());
        Assert.Equal(20, others.Count); // a reminder and an opening each
        Assert.All(others, e => Assert.Equal(ScheduledEventStatus.Done, e.Status));
        Assert.Equal(ScheduledEventStatus.Failed, (await EventByIdAsync(poison.Id)).Status);

        var admin = await Site.SignedInAsAsync("admin@example.org");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/operations"));
        Assert.Contains("Failed events (1)", page);
        Assert.Contains("InvalidOperationException: Week 13 has no published module.", page);
        Assert.Contains($"/admin/schedules/{enrolments[0]}", page);
        Assert.Contains($"/admin/operations/events/{poison.Id}/retry", page);
        Assert.Contains("1 scheduled event has failed for good", page);

        // Run now while it is still broken: a plain message, not an error page; the admin's retry is audited.
        var schedule = $"/admin/schedules/{enrolments[0]}";
        var runNow = await admin.PostFormAsync(schedule, $"{schedule}/events/{poison.Id}/run", []);
        Assert.Equal(HttpStatusCode.Redirect, runNow.StatusCode);
        var notice = Notice(await admin.GetStringAsync(schedule));
        if (!notice.StartsWith("It failed", StringComparison.Ordinal))
            Assert.Fail($"{notice} {await DispatchJobFailuresAsync()}");
        Assert.Equal("It failed: InvalidOperationException: Week 13 has no published module. It will be tried again.", notice);
        var failedAgain = await EventByIdAsync(poison.Id);
        Assert.Equal((ScheduledEventStatus.Pending, 1), (failedAgain.Status, failedAgain.Attempts));
        Assert.Single(await WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "retried failed scheduled event" && a.Detail == poison.Id.ToString()).ToListAsync()));

        // Fixed (week 13 is published), then retried from the operations page: it runs, once.
        await PublishWeek13Async();
        var retry = await admin.PostFormAsync("/admin/operations?show=overdue", $"/admin/operations/events/{poison.Id}/retry", [new("show", "overdue")]);
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.StartsWith("The event ran", Notice(await admin.GetStringAsync(retry.Headers.Location!.ToString())));
        Assert.Equal(ScheduledEventStatus.Done, (await EventByIdAsync(poison.Id)).Status);
        var patientId = await WithDbAsync(db => db.Enrolments.Where(e => e.Id == enrolments[0]).Select(e => e.PatientId).SingleAsync());
        Assert.True(await WithDbAsync(db => db.PatientModules.AnyAsync(m => m.PatientId == patientId && m.Week == 13)));
        Assert.Contains("Failed events (0)", await admin.GetStringAsync("/admin/operations"));

        // The sweeps' repairs are counted (the site's own minutely sweeper may have run one of them, or the fixed event, too).
        var metrics = await admin.GetStringAsync("/metrics");
        var repairs = System.Text.RegularExpressions.Regex.Match(metrics, @"^cbt_events_sweeper_repairs_total(?:\{[^}]*\})? (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(repairs.Success, metrics);
        Assert.InRange(int.Parse(repairs.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 20, 21);
    }

    private async Task PublishWeek13Async()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var week12 = await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().CurrentVersionAsync(12);
        await WithDbAsync(async db =>
        {
            db.ModuleVersions.Add(ModuleVersion.PublishedFromFiles(week12!.Content with { Week = 13 }, 1, "test: the missing week", Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
    }

    /// <summary>The dispatch jobs' failures as Hangfire recorded them, for a failure message.</summary>
    private async Task<string> DispatchJobFailuresAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Site.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT string_agg(j.id || ' ' || coalesce(j.statename, '?') || ' ' || coalesce(s.data::text, ''), ' | ')
            FROM hangfire.job j LEFT JOIN hangfire.state s ON s.jobid = j.id AND s.name = 'Failed'
            WHERE j.invocationdata::text LIKE '%EventDispatchJob%'
            """, connection);
        return $"(dispatch jobs at {DateTime.UtcNow:O}: {await command.ExecuteScalarAsync()})";
    }

    private static string Notice(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "role=\"status\">([^<]*)<").Groups[1].Value);

    private Task<ScheduledEvent> EventByIdAsync(Guid id) => WithDbAsync(db => db.ScheduledEvents.AsNoTracking().SingleAsync(e => e.Id == id));

    private async Task<int> SweepAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
    }
}
