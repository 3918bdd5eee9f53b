using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Tracking;

/// <summary>
/// Keeps a patient's not-on-track flag in step with their PHQ-9 and tells their therapist once per episode: an email
/// that says only that a patient on their caseload is not on track, with a link (no scores, no names). Not again while
/// the flag stays on, however much worse later scores are; the flag clears (and re-arms) when a later PHQ-9 is back below
/// the rule's rise, and a new episode after that tells them again. Exactly once: the flag is raised by one conditional
/// statement on the patient's watch row (of two at once, the second raises nothing), and the email's key names the
/// episode, in the same transaction. Runs after each PHQ-9 is stored, and when the therapist changes the rule.
/// </summary>
public sealed class NotOnTrackWatch(AppDbContext db, ProgramCatalog program, Outbox outbox, MailOptions mail, CaseloadSummary.PatientSummaries summaries, TimeProvider clock)
{
    public sealed record Status(string Rule, int Rise, string Description, bool NotOnTrack, DateTimeOffset? FlaggedAt);

    public async Task<Status> StatusAsync(Guid patientId)
    {
        var (definition, measures) = await program.GetAsync();
        var watch = await db.Set<OutcomeWatch>().AsNoTracking().FirstOrDefaultAsync(w => w.PatientId == patientId);
        var rule = watch?.Rule ?? NotOnTrackRules.ReliableDeterioration;
        var rise = NotOnTrackRules.Rise(rule, measures.FirstOrDefault(m => m.Id == "phq-9"), definition);
        return new Status(rule, rise, NotOnTrackRules.Describe(rule, rise), watch?.FlaggedAt is not null, watch?.FlaggedAt);
    }

    /// <summary>The therapist's choice of rule; the flag is re-checked at once. Returns a problem or null.</summary>
    public async Task<string?> ChooseRuleAsync(Guid patientId, string? rule)
    {
        if (rule is null || !NotOnTrackRules.All.Contains(rule))
            return "Choose one of the listed rules.";
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO outcome_watches ("PatientId", "Rule", "Episodes") VALUES ({patientId}, {rule}, 0)
                ON CONFLICT ("PatientId") DO UPDATE SET "Rule" = EXCLUDED."Rule"
                """);
            await summaries.RefreshAsync([patientId]); // the caseload's worsening flag rises by the rule
            await transaction.CommitAsync();
        }
        await UpdateAsync(patientId);
        return null;
    }

    /// <summary>Applies the patient's rule to their baseline and latest PHQ-9; raises (and tells) or clears the flag.</summary>
    public async Task UpdateAsync(Guid patientId)
    {
        var status = await StatusAsync(patientId);
        var scores = await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == patientId && r.MeasureId == "phq-9" && r.Point != Domain.Measures.AssessmentPoints.FollowUp)
            .OrderBy(r => r.SubmittedAt).Select(r => new { r.Point, r.Score }).ToListAsync();
        var baseline = scores.FirstOrDefault(s => s.Point == Domain.Measures.AssessmentPoints.Baseline)?.Score;
        var latest = scores.LastOrDefault(s => s.Point != Domain.Measures.AssessmentPoints.Baseline)?.Score;
        var off = NotOnTrackRules.IsNotOnTrack(baseline, latest, status.Rise);
        if (off == status.NotOnTrack)
            return;
        if (!off)
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE outcome_watches SET "FlaggedAt" = NULL WHERE "PatientId" = {patientId}""");
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var episode = await db.Database.SqlQuery<int>($"""
            INSERT INTO outcome_watches ("PatientId", "Rule", "FlaggedAt", "Episodes") VALUES ({patientId}, {status.Rule}, {clock.GetUtcNow()}, 1)
            ON CONFLICT ("PatientId") DO UPDATE SET "FlaggedAt" = EXCLUDED."FlaggedAt", "Episodes" = outcome_watches."Episodes" + 1
                WHERE outcome_watches."FlaggedAt" IS NULL
            RETURNING "Episodes" AS "Value"
            """).ToListAsync();
        if (episode.Count == 0)
            return; // raised a moment ago by another write, which told the therapist
        var therapistEmail = await (from p in db.Patients join u in db.Users on p.AssignedTherapistId equals u.Id where p.Id == patientId select u.Email).FirstOrDefaultAsync();
        if (therapistEmail is not null)
            await outbox.EnqueueAsync($"not-on-track:{patientId}:{episode[0]}:therapist:email", therapistEmail,
                "CbtProgram: a patient is not on track",
                $"A patient on your caseload is not on track.\n\nSign in to CbtProgram to see who: {mail.Link($"/therapist/patients/{patientId}/outcomes")}\n",
                deliverNow: false);
        await summaries.RefreshAsync([patientId]); // a first watch row stores the rule the caseload reads
        await transaction.CommitAsync();
        outbox.TriggerDelivery();
    }
}
