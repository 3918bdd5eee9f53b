using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Safety;

/// <summary>
/// Turns a risky answer into an alert that someone owns: one alert per questionnaire (a repeat, or completing it
/// later, adds to the same alert), stored with the item answers, and its owner told by email at once (the patient's
/// therapist, or the clinical leads when there is none). The email says only that someone needs attention.
/// </summary>
public sealed class RiskSignals(AppDbContext db, StaffRecipients recipients, Outbox outbox, MailOptions mail, TimeProvider clock)
{
    /// <summary>
    /// Adds the alert to the caller's unit of work unless this questionnaire already has one; links a completed
    /// response to an alert raised from part of it. Returns the new alert (to announce after saving), or null.
    /// </summary>
    public async Task<RiskAlert?> RaiseAsync(Patient patient, AlertSource source, Guid? responseId, IReadOnlyList<string> reasons)
    {
        var existing = await db.RiskAlerts.FirstOrDefaultAsync(a => a.PatientId == patient.Id
            && a.MeasureId == source.MeasureId && a.Point == source.Point && a.Week == source.Week);
        if (existing is not null)
        {
            if (responseId is { } id)
                existing.CompletedAs(id);
            return null;
        }
        var alert = new RiskAlert(patient.Id, patient.AssignedTherapistId, source, responseId, string.Join("; ", reasons), clock.GetUtcNow());
        db.RiskAlerts.Add(alert);
        return alert;
    }

    /// <summary>Tells the owner of an alert that was just saved (the email is keyed, so it goes once).</summary>
    public async Task AnnounceAsync(RiskAlert alert)
    {
        foreach (var owner in await recipients.OwnersAsync(alert.TherapistId))
            await outbox.EnqueueAsync($"risk-alert:{alert.Id}:owner:{owner.UserId}:email", owner.Email,
                "CbtProgram: a patient needs your attention",
                (alert.TherapistId is null
                    ? "A patient who has no therapist assigned has an alert that needs a clinical lead's attention.\n\n"
                    : "A patient on your caseload has an alert that needs your attention.\n\n")
                + $"Please sign in to CbtProgram to see it, acknowledge it and follow it up: {mail.Link($"/therapist/patients/{alert.PatientId}")}\n");
    }
}
