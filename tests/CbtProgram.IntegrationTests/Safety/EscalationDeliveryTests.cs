using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Notifications;
using CbtProgram.Web.Safety;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Safety;

/// <summary>
/// An unacknowledged risk alert whose escalation email fails still reaches the admins: when the clinical lead's email is
/// refused for good (550), the admins are told at the next run, not four working hours later; when the mail server is
/// only down for a while, the lead's email waits and arrives once, and nobody is told early.
/// </summary>
public sealed class EscalationDeliveryTests : IAsyncLifetime
{
    private const string Lead = "lead@example.org";
    private const string Admin = "admin@example.org";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Tuesday 4 May 2027, 09:00 London: four working hours later is 13:00, eight is 17:00.
    private readonly FakeTimeProvider _clock = new(At(9, 0));
    private readonly SmtpListener _smtp = new SmtpListener().Start();
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Mail:SmtpHost", "127.0.0.1")
        .WithSetting("Mail:SmtpPort", _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _site.DisposeAsync();
    }

    private static DateTimeOffset At(int hour, int minute) =>
        Web.Domain.Scheduling.SessionSchedule.ToInstant(new DateOnly(2027, 5, 4), new TimeOnly(hour, minute), London);

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private Task<int> EscalateAsync() => InScopeAsync(s => s.GetRequiredService<Escalations>().EscalateAsync());

    private Task<int> DeliverAsync() => InScopeAsync(s => s.GetRequiredService<OutboxDelivery>().DeliverPendingAsync());

    private List<string> MailTo(string address) =>
        _smtp.Messages.Where(m => m.Split('\n').Any(l => l.StartsWith("To: ", StringComparison.Ordinal) && l.Contains(address, StringComparison.Ordinal))).ToList();

    /// <summary>The escalation emails (not the first alert email) this address has received.</summary>
    private List<string> EscalationsTo(string address) => MailTo(address).Where(m => m.Contains("has not been acknowledged", StringComparison.Ordinal)).ToList();

    private async Task<Guid> RaiseAlertAsync()
    {
        var patient = await _site.CreatePatientInWeekAsync("unheard@example.org", "Uma Unheard", 2);
        return await InScopeAsync(async s =>
        {
            var phq9 = (await s.GetRequiredService<ProgramCatalog>().GetAsync()).Measures.Single(m => m.Id == "phq-9");
            await s.GetRequiredService<QuestionnaireSubmission>().SubmitAsync(patient, phq9, "weekly", 2, new Dictionary<int, int?> { [9] = 2 });
            return await s.GetRequiredService<AppDbContext>().RiskAlerts.Where(a => a.PatientId == patient.Id).Select(a => a.Id).SingleAsync();
        });
    }

    private Task<Web.Domain.Safety.RiskAlert> AlertAsync(Guid id) =>
        InScopeAsync(s => s.GetRequiredService<AppDbContext>().RiskAlerts.AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task WhenTheLeadsEmailIsRefusedForGood_TheAdminsAreToldAtTheNextRun()
    {
        _smtp.Refuse(Lead);
        var alertId = await RaiseAlertAsync();
        await DeliverAsync(); // the therapist's alert email

        _clock.SetUtcNow(At(13, 0));
        await EscalateAsync();
        Assert.Equal(At(13, 0), (await AlertAsync(alertId)).EscalatedToLeadsAt);
        await DeliverAsync(); // 550 for the lead: dead-lettered at once
        Assert.Empty(MailTo(Lead));
        Assert.Null((await AlertAsync(alertId)).EscalatedToAdminsAt);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await EscalateAsync();
        await DeliverAsync();

        Assert.Equal(At(13, 1), (await AlertAsync(alertId)).EscalatedToAdminsAt); // not 17:00
        var told = Assert.Single(EscalationsTo(Admin));
        Assert.Contains("the clinical leads could not be told", told.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var audit = await InScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Action == "escalated risk alert to the admins").Select(a => a.Detail).SingleAsync());
        Assert.Contains("the clinical leads could not be reached", audit);

        _clock.SetUtcNow(At(17, 5)); // the admins' own step is not taken twice
        await EscalateAsync();
        await DeliverAsync();
        Assert.Single(EscalationsTo(Admin));
    }

    [Fact]
    public async Task WhenTheMailServerIsDownForAWhile_TheLeadsEmailWaits_ArrivesOnce_AndNobodyIsToldEarly()
    {
        var alertId = await RaiseAlertAsync();
        await DeliverAsync();
        await _smtp.StopAsync();

        _clock.SetUtcNow(At(13, 0));
        await EscalateAsync();
        for (var run = 0; run < 30; run++) // half an hour of failing runs, and of escalation checks
        {
            await DeliverAsync();
            _clock.Advance(TimeSpan.FromMinutes(1));
            await EscalateAsync();
        }
        Assert.Null((await AlertAsync(alertId)).EscalatedToAdminsAt); // a delayed email is not an unheard one

        _smtp.Start();
        _clock.Advance(TimeSpan.FromMinutes(10)); // past the backoff
        await DeliverAsync();
        Assert.Single(EscalationsTo(Lead));
        Assert.Empty(EscalationsTo(Admin));
        Assert.False(await InScopeAsync(s => s.GetRequiredService<AppDbContext>().OutboxMessages.AnyAsync(m => m.DeadLetteredAt != null)));
    }

    [Fact]
    public async Task TheUnheardCheck_ReadsItsOwnIndex_NotEveryEmail()
    {
        var plan = await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            var keys = $"{Escalations.KeyPrefix(Guid.NewGuid(), Web.Domain.Safety.EscalationStep.ClinicalLeads)}%";
            return string.Join("\n", await db.Database.SqlQuery<string>($"""
                EXPLAIN SELECT count(*)::int AS "Value" FROM outbox_messages
                WHERE "Key" LIKE 'risk-alert:%' AND "Key" LIKE {keys} AND "DeadLetteredAt" IS NULL
                """).ToListAsync());
        });
        Assert.Contains("IX_outbox_messages_risk_alert_keys", plan);
    }
}
