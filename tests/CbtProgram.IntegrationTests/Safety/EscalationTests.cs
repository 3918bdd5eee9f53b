using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Journey;
using CbtProgram.Web.Safety;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Safety;

/// <summary>
/// The escalation ladder run as the recurring job runs it, every few minutes, over a bank-holiday weekend: each step
/// happens once, at its working-time moment, to the right people, with an audit entry; then the leads' page shows the
/// response times.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Friday 30 April 2027, 15:00 London time (BST). Monday 3 May is the Early May bank holiday.
    private readonly FakeTimeProvider _clock = new(At(4, 30, 15, 0));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithSetting("Clinic:Holidays:0", "2027-05-03")
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static DateTimeOffset At(int month, int day, int hour, int minute) =>
        Web.Domain.Scheduling.SessionSchedule.ToInstant(new DateOnly(2027, month, day), new TimeOnly(hour, minute), London);

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The job every 15 minutes until <paramref name="until"/>, as Hangfire runs it every minute (two runs at once each time).</summary>
    private async Task RunJobUntilAsync(DateTimeOffset until)
    {
        while (_clock.GetUtcNow() < until)
        {
            _clock.Advance(TimeSpan.FromMinutes(15));
            await Task.WhenAll(EscalateAsync(), EscalateAsync());
        }
    }

    private async Task EscalateAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Escalations>().EscalateAsync();
    }

    [Fact]
    public async Task OverABankHolidayWeekend_EachStepHappensOnce_AtItsWorkingTime_ToTheRightPeople()
    {
        var patient = await _site.CreatePatientInWeekAsync("ladder@example.org", "Lee Ladder", 2);
        Guid alertId;
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var phq9 = (await scope.ServiceProvider.GetRequiredService<ProgramCatalog>().GetAsync()).Measures.Single(m => m.Id == "phq-9");
            await scope.ServiceProvider.GetRequiredService<QuestionnaireSubmission>().SubmitAsync(patient, phq9, "weekly", 2, new Dictionary<int, int?> { [9] = 2 });
            alertId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().RiskAlerts.Where(a => a.PatientId == patient.Id).Select(a => a.Id).SingleAsync();
        }

        // Four working hours: 2 on Friday, none at the weekend or on the holiday Monday, 2 on Tuesday: 11:00 Tuesday.
        await RunJobUntilAsync(At(5, 4, 10, 45));
        Assert.Null((await AlertAsync(alertId)).EscalatedToLeadsAt);
        await RunJobUntilAsync(At(5, 4, 11, 0));
        Assert.Equal(At(5, 4, 11, 0), (await AlertAsync(alertId)).EscalatedToLeadsAt);
        // Eight: Tuesday 15:00, to the admins.
        await RunJobUntilAsync(At(5, 4, 15, 0));
        Assert.Equal(At(5, 4, 15, 0), (await AlertAsync(alertId)).EscalatedToAdminsAt);

        // The lead acknowledges at 16:00; two working days later, Thursday 16:00, it comes back to the therapist and the leads.
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var leadId = await db.Users.Where(u => u.Email == "lead@example.org").Select(u => u.Id).SingleAsync();
            _clock.SetUtcNow(At(5, 4, 16, 0));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Web.Care.RiskAlerts>().AcknowledgeAsync(patient.Id, alertId, leadId));
        }
        await RunJobUntilAsync(At(5, 6, 15, 45));
        Assert.Null((await AlertAsync(alertId)).UnresolvedReminderAt);
        await RunJobUntilAsync(At(5, 6, 16, 0));
        Assert.Equal(At(5, 6, 16, 0), (await AlertAsync(alertId)).UnresolvedReminderAt);
        await RunJobUntilAsync(At(5, 12, 12, 0));

        var emails = await WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Key.StartsWith($"risk-alert:{alertId}:")).ToListAsync());
        Assert.Equal(["lead@example.org"], emails.Where(m => m.Key.Contains($":{EscalationStep.ClinicalLeads}:")).Select(m => m.To));
        Assert.Equal(["admin@example.org"], emails.Where(m => m.Key.Contains($":{EscalationStep.Admins}:")).Select(m => m.To));
        Assert.Equal(["lead@example.org", "therapist@example.org"], emails.Where(m => m.Key.Contains($":{EscalationStep.UnresolvedReminder}:")).Select(m => m.To).Order());
        Assert.All(emails, m => Assert.DoesNotContain("Lee Ladder", m.Body));
        var audited = await WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.PatientId == patient.Id && e.ActorId == "system").Select(e => e.Action).ToListAsync());
        Assert.Equal(["escalated risk alert to the admins", "escalated risk alert to the clinical leads", "reminded of an unresolved risk alert"], audited.Order());
    }

    private Task<RiskAlert> AlertAsync(Guid id) => WithDbAsync(db => db.RiskAlerts.AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task TheLeadsPage_ShowsTheMediansAndNinetiethPercentiles_OfTheMonth()
    {
        // Three alerts raised in April 2027, acknowledged after 1, 2 and 10 hours; two resolved after 4 and 30 hours.
        var hours = new (int Acknowledge, int? Resolve)[] { (1, 4), (2, 30), (10, null) };
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < hours.Length; i++)
            {
                var patient = await _site.CreatePatientAsync($"board-{i}@example.org", $"Board Patient {i}");
                var raised = At(4, 5 + i, 10, 0);
                var alert = new RiskAlert(patient.Id, patient.AssignedTherapistId, new AlertSource("phq-9", "weekly", 1, [0, 0, 0, 0, 0, 0, 0, 0, 1]), null, "item 9", raised);
                alert.Acknowledge("therapist", raised.AddHours(hours[i].Acknowledge));
                if (hours[i].Resolve is { } resolve)
                    alert.Resolve("therapist", "Called.", raised.AddHours(resolve));
                db.RiskAlerts.Add(alert);
            }
            await db.SaveChangesAsync();
        }
        var lead = await _site.SignedInAsAsync("lead@example.org");

        var page = await lead.GetStringAsync("/safety/alerts");

        // Acknowledge: median 2 h, 90th percentile 2 + 0.8 × (10 − 2) = 8.4 h. Resolve: median 17 h, 90th 4 + 0.9 × 26 = 27.4 h.
        Assert.Matches(@"April 2027</td>\s*<td>3</td>\s*<td>3</td>\s*<td>2 h</td>\s*<td>8.4 h</td>\s*<td>2</td>\s*<td>17 h</td>\s*<td>27.4 h</td>", page);
        Assert.Contains("Board Patient 2", page); // still open
        Assert.DoesNotContain("Board Patient 0", page);
    }
}
