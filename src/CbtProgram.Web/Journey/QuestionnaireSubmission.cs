using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// Records a completed questionnaire once, with its score, and raises a risk alert at once when an answer
/// calls for it (PROGRAM.md, Safety). The therapist's email says only that something needs their attention.
/// </summary>
public sealed class QuestionnaireSubmission(AppDbContext db, Outbox outbox, TimeProvider clock)
{
    public abstract record Result;
    public sealed record Invalid(IReadOnlyList<string> Problems) : Result;
    public sealed record Recorded(MeasureResponse Response, bool RaisedRisk) : Result;

    public async Task<Result> SubmitAsync(Patient patient, MeasureDefinition measure, string point, int week, IReadOnlyDictionary<int, int?> answers)
    {
        var scored = QuestionnaireScoring.Score(measure, answers);
        if (!scored.IsValid)
            return new Invalid(scored.Problems);

        var existing = await FindAsync(patient.Id, measure.Id, point, week);
        if (existing is not null)
            return new Recorded(existing, RaisedRisk: false);

        var now = clock.GetUtcNow();
        var response = new MeasureResponse(patient.Id, measure.Id, point, week, scored.Answers, scored.Score, scored.Band, now);
        db.MeasureResponses.Add(response);
        RiskAlert? alert = null;
        if (scored.RaisesRisk)
        {
            alert = new RiskAlert(patient.Id, patient.AssignedTherapistId, response.Id, string.Join("; ", scored.RiskReasons), now);
            db.RiskAlerts.Add(alert);
        }
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same form sent twice at once: the first one stands.
            db.ChangeTracker.Clear();
            return new Recorded((await FindAsync(patient.Id, measure.Id, point, week))!, RaisedRisk: false);
        }
        if (alert is not null)
            await NotifyTherapistAsync(alert);
        return new Recorded(response, alert is not null);
    }

    private Task<MeasureResponse?> FindAsync(Guid patientId, string measureId, string point, int week) =>
        db.MeasureResponses.FirstOrDefaultAsync(r => r.PatientId == patientId && r.MeasureId == measureId && r.Point == point && r.Week == week);

    private async Task NotifyTherapistAsync(RiskAlert alert)
    {
        var therapistEmail = await db.Users.Where(u => u.Id == alert.TherapistId).Select(u => u.Email).FirstOrDefaultAsync();
        if (therapistEmail is null)
            return;
        await outbox.EnqueueAsync($"risk-alert:{alert.Id}:therapist:email", therapistEmail,
            "CbtProgram: a patient needs your attention",
            "A patient on your caseload has an alert that needs your attention.\n\nPlease sign in to CbtProgram to see it, acknowledge it and follow it up.\n");
    }
}
