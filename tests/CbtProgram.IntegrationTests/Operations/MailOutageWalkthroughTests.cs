using System.Net;
using System.Text.Json;
using CbtProgram.IntegrationTests.Scheduling;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Safety;
using CbtProgram.Web.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Operations;

/// <summary>
/// The issue's "done when", as an operator would live it: the mail server is down for 24 minutes while five patients'
/// sessions open and a risk alert waits for its therapist. Every minute the jobs run as Hangfire runs them (sweep,
/// escalate, deliver). The operations page and /healthz show the backlog; when the server is back, every email arrives
/// once, the clinical one first; nothing needed a restart or a database edit.
/// </summary>
public sealed class MailOutageWalkthroughTests : ClockedScheduleTests
{
    private readonly SmtpListener _smtp = new SmtpListener().Start();

    protected override CbtWebApplicationFactory Configure(CbtWebApplicationFactory site) => site
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TwentyFourMinutesWithoutAMailServer_IsSeen_ThenEveryEmailArrivesOnce_ClinicalFirst()
    {
        var patients = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await EnrolAsync($"outage-{i}@example.org", new SessionPreferences(London.Id, DayOfWeek.Tuesday, new TimeOnly(18, 30), new DateOnly(2027, 3, 1)));
            patients.Add($"outage-{i}@example.org");
        }
        Clock.SetUtcNow(At(London, 2027, 3, 2, 18, 24)); // the day-before reminders are overdue: they go before the outage
        await EveryMinuteAsync(1);
        var beforeOutage = _smtp.Messages.Count;
        await _smtp.StopAsync();

        // The outage: five sessions open at 18:30 (their notices queue), then a risk alert at 18:37; 24 minutes in all.
        await EveryMinuteAsync(12);
        var atRisk = await Site.CreatePatientInWeekAsync("outage.risk@example.org", "Rory Risk", 2);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var phq9 = (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().GetAsync()).Measures.Single(m => m.Id == "phq-9");
            await scope.ServiceProvider.GetRequiredService<QuestionnaireSubmission>().SubmitAsync(atRisk, phq9, "weekly", 2, new Dictionary<int, int?> { [9] = 2 });
        }
        await EveryMinuteAsync(12);

        var admin = await Site.SignedInAsAsync("admin@example.org");
        var operations = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/operations"));
        Assert.Contains("Email not sent yet</dt>", operations);
        Assert.Matches(@"Email not sent yet</dt>\s*<dd[^>]*>6, the oldest waiting 1[6-9] minutes", operations);
        using (var health = JsonDocument.Parse(await Site.CreateClient().GetStringAsync("/healthz")))
        {
            Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
            Assert.Contains("The oldest unsent email has waited", health.RootElement.GetProperty("checks").GetProperty("operations").GetProperty("description").GetString());
        }
        Assert.False(await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.DeadLetteredAt != null)));

        // The server is back: the next runs (after the node's backoff) send everything, once, the risk alert first though
        // it was queued last.
        _smtp.Start();
        await EveryMinuteAsync(6);
        var sent = _smtp.Messages.Skip(beforeOutage).ToList();
        Assert.Equal(6, sent.Count);
        Assert.Contains("Subject: CbtProgram: a patient needs your attention", sent[0], StringComparison.Ordinal);
        Assert.Contains("To: therapist@example.org", sent[0], StringComparison.Ordinal);
        Assert.All(patients, p => Assert.Single(sent, m => m.Contains($"To: {p}", StringComparison.Ordinal)));
        Assert.All(sent.Skip(1), m => Assert.Contains("Week 1 is ready", m, StringComparison.Ordinal));
        Assert.False(await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.SentAt == null)));
        Assert.Matches(@"Email not sent yet</dt>\s*<dd[^>]*>0<", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/operations")));
    }

    /// <summary>Minute by minute, what Hangfire's recurring jobs would do: sweep the due events, climb the ladder, deliver.</summary>
    private async Task EveryMinuteAsync(int minutes)
    {
        for (var minute = 0; minute < minutes; minute++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await using var scope = Site.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<EventSweeper>().SweepAsync();
            await scope.ServiceProvider.GetRequiredService<Escalations>().EscalateAsync();
            await DeliverAsync();
        }
    }

    private async Task DeliverAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverPendingAsync();
    }
}
