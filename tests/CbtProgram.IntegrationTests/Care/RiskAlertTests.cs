using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CbtProgram.IntegrationTests.Care;

/// <summary>Risk alerts from raising to resolving: the banner, acknowledging, resolving with a note, and escalation.</summary>
public sealed class RiskAlertTests : IAsyncLifetime
{
    // Wednesday 3 March 2027, 10:00 in London (GMT).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly CbtWebApplicationFactory _site = new();

    public Task InitializeAsync() => _site
        .WithSetting("Jobs:RunServer", "false")
        .WithClock(_clock)
        .InitializeAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<(Patient Patient, RiskAlert Alert)> PatientWithAlertAsync(string email, string name)
    {
        var patient = await _site.CreatePatientInWeekAsync(email, name, 2);
        await using var scope = _site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var response = await db.MeasureResponses.FirstAsync(r => r.PatientId == patient.Id);
        var alert = new RiskAlert(patient.Id, patient.AssignedTherapistId, new AlertSource(response.MeasureId, response.Point, response.Week, response.Answers.Select(a => (int?)a).ToArray()),
            response.Id, "PHQ-9 item 9 answered above 0", _clock.GetUtcNow());
        db.RiskAlerts.Add(alert);
        await db.SaveChangesAsync();
        return (patient, alert);
    }

    private async Task<RiskAlert> ReloadAsync(Guid alertId)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().RiskAlerts.AsNoTracking().SingleAsync(a => a.Id == alertId);
    }

    [Fact]
    public async Task Therapist_SeesTheAlertOnEveryPageUntilAcknowledged_ThenResolvesItOnlyWithANote()
    {
        var (patient, alert) = await PatientWithAlertAsync("alert-flow@example.org", "Ari Alert");
        var therapist = await _site.SignedInAsAsync("therapist@example.org");
        var record = $"/therapist/patients/{patient.Id}";

        var invitePage = await therapist.GetStringAsync("/therapist/invite");
        var recordPage = await therapist.GetStringAsync(record); // its banner comes from the record's own batch
        var acknowledged = await therapist.PostFormAsync(record, $"{record}/alerts/{alert.Id}/acknowledge", []);
        var afterAcknowledging = await therapist.GetStringAsync("/therapist/invite");
        var recordAfterAcknowledging = await therapist.GetStringAsync(record);
        var noNote = await therapist.PostFormAsync(record, $"{record}/alerts/{alert.Id}/resolve", [new("note", "  ")]);
        var noNotePage = await therapist.GetStringAsync(record);
        var stillOpen = await ReloadAsync(alert.Id);
        _clock.Advance(TimeSpan.FromMinutes(25)); // within the staff idle limit (30 minutes)
        await therapist.PostFormAsync(record, $"{record}/alerts/{alert.Id}/resolve", [new("note", "Phoned Ari; safety plan agreed with their GP.")]);

        Assert.Contains("Risk alert:</strong> Ari Alert", invitePage);
        Assert.Contains("Risk alert:</strong> Ari Alert", recordPage);
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.DoesNotContain("Risk alert:</strong> Ari Alert", afterAcknowledging);
        Assert.DoesNotContain("Risk alert:</strong> Ari Alert", recordAfterAcknowledging);
        Assert.Contains("1 acknowledged alert still to resolve", recordAfterAcknowledging);
        Assert.Equal(HttpStatusCode.Redirect, noNote.StatusCode);
        Assert.True(stillOpen.IsOpen);
        Assert.Contains("Write a note saying what you did", noNotePage);
        var resolved = await ReloadAsync(alert.Id);
        Assert.False(resolved.IsOpen);
        Assert.Equal(new DateTimeOffset(2027, 3, 3, 10, 0, 0, TimeSpan.Zero), resolved.AcknowledgedAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 3, 10, 25, 0, TimeSpan.Zero), resolved.ResolvedAt);
        Assert.Equal("Phoned Ari; safety plan agreed with their GP.", resolved.ResolutionNote);
        await using var scope = _site.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
            .Where(e => e.PatientId == patient.Id).Select(e => e.Action).ToListAsync();
        Assert.Contains("acknowledged risk alert", actions);
        Assert.Contains("resolved risk alert", actions);
        Assert.Contains("viewed record", actions);
    }

    [Fact]
    public async Task AnUnacknowledgedAlert_EscalatesToTheClinicalLeadsOnceAfterFourWorkingHours_EvenWithTwoRunsAtOnce()
    {
        var (_, alert) = await PatientWithAlertAsync("alert-escalate@example.org", "Eli Escalate");
        var (_, handled) = await PatientWithAlertAsync("alert-handled@example.org", "Hana Handled");
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.RiskAlerts.SingleAsync(a => a.Id == handled.Id)).Acknowledge("someone", _clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 13, 59, 0, TimeSpan.Zero));
        await EscalateAsync();
        var early = await ReloadAsync(alert.Id);
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 14, 0, 0, TimeSpan.Zero));
        await Task.WhenAll(EscalateAsync(), EscalateAsync(), EscalateAsync());
        await EscalateAsync();

        Assert.Null(early.EscalatedToLeadsAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 3, 14, 0, 0, TimeSpan.Zero), (await ReloadAsync(alert.Id)).EscalatedToLeadsAt);
        Assert.Null((await ReloadAsync(alert.Id)).EscalatedToAdminsAt);
        Assert.Null((await ReloadAsync(handled.Id)).EscalatedToLeadsAt);
        await using var check = _site.Services.CreateAsyncScope();
        var emails = await check.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .Where(m => m.Key.StartsWith($"risk-alert:{alert.Id}:{EscalationStep.ClinicalLeads}:")).ToListAsync();
        var email = Assert.Single(emails); // one clinical lead in the demo accounts, one email
        Assert.Equal("lead@example.org", email.To);
        Assert.DoesNotContain("Eli Escalate", email.Body);
        Assert.DoesNotContain("item 9", email.Body);
    }

    private async Task EscalateAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CbtProgram.Web.Safety.Escalations>().EscalateAsync();
    }
}
