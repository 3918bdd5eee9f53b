using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Care;

public enum MedicationFlagChange
{
    Unchanged,
    Raised,
    Cleared,
}

/// <summary>
/// Keeps a patient's medication-overuse flag in step with their diary and tells their therapist once per episode: when
/// the flag goes on, an email that says only that a patient on their caseload has a medication flag, with a link. Not
/// again while it stays on; again only after it has cleared and come back. Runs after each diary save (the only thing
/// that changes the counts; a flag that lapses because days leave the window clears at the next save).
/// Exactly once: the flag is raised by one conditional update of the patient's row (of two saves at once, the second
/// finds it already raised and sends nothing), and the email's key names the episode, in the same transaction.
/// </summary>
public sealed class MedicationFlagWatch(AppDbContext db, Outbox outbox, MailOptions mail, TimeProvider clock, ILogger<MedicationFlagWatch> logger)
{
    /// <param name="patient">The patient as read at the start of the request; its flag decides whether anything needs doing.</param>
    /// <param name="assessment">The rule applied to the 28 days ending today, after the save.</param>
    public async Task<MedicationFlagChange> UpdateAsync(Patient patient, MedicationOveruseAssessment assessment)
    {
        var raised = patient.MedicationFlagRaisedAt is not null;
        if (assessment.IsFlagged == raised)
            return MedicationFlagChange.Unchanged;
        if (!assessment.IsFlagged)
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE patients SET "MedicationFlagRaisedAt" = NULL WHERE "Id" = {patient.Id} AND "MedicationFlagRaisedAt" IS NOT NULL
                """);
            return MedicationFlagChange.Cleared;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var episode = await db.Database.SqlQuery<int>($"""
            UPDATE patients SET "MedicationFlagRaisedAt" = {clock.GetUtcNow()}, "MedicationFlagsRaised" = "MedicationFlagsRaised" + 1
            WHERE "Id" = {patient.Id} AND "MedicationFlagRaisedAt" IS NULL
            RETURNING "MedicationFlagsRaised" AS "Value"
            """).ToListAsync();
        if (episode.Count == 0)
            return MedicationFlagChange.Unchanged; // another save raised it a moment ago, and told the therapist
        var therapistEmail = await db.Users.Where(u => u.Id == patient.AssignedTherapistId).Select(u => u.Email).FirstOrDefaultAsync();
        if (therapistEmail is not null)
            await outbox.EnqueueAsync($"medication-flag:{patient.Id}:{episode[0]}:therapist:email", therapistEmail,
                "CbtProgram: a patient has a medication flag",
                $"A patient on your caseload has a new medication flag from their diary.\n\nSign in to CbtProgram to see who: {mail.Link($"/therapist/patients/{patient.Id}")}\n",
                deliverNow: false);
        await transaction.CommitAsync();
        outbox.TriggerDelivery();
        logger.LogInformation("Medication flag raised for patient {PatientId} (episode {Episode}), therapist {Told}",
            patient.Id, episode[0], therapistEmail is null ? "not told: none assigned" : "told");
        return MedicationFlagChange.Raised;
    }
}
