using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Safety;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Journey;

/// <summary>
/// Records a questionnaire, complete or not, and applies the risk rules to every submission the moment it arrives
/// (PROGRAM.md, Safety): a risky answer raises an alert whether or not the rest was answered, whether it is the first
/// sending or a repeat, at every assessment point. An incomplete questionnaire's answers are kept as a draft, so
/// nothing the patient said is lost; a complete one is stored once, with its score.
/// </summary>
public sealed class QuestionnaireSubmission(AppDbContext db, RiskSignals risk, TimeProvider clock, Outcomes.Patients.PatientOutcomeStore outcomes)
{
    public abstract record Result(bool RaisedRisk);
    /// <summary>Not complete: the problems to show; the answers given were kept.</summary>
    public sealed record Invalid(IReadOnlyList<string> Problems, bool RaisedRisk = false) : Result(RaisedRisk);
    /// <summary>Complete (now or before): <paramref name="RaisedRisk"/> says the patient should see where to get help.</summary>
    public sealed record Recorded(MeasureResponse Response, bool RaisedRisk) : Result(RaisedRisk);

    /// <summary>Sends answers; they add to any kept from an unfinished sending of the same questionnaire.</summary>
    public async Task<Result> SubmitAsync(Patient patient, MeasureDefinition measure, string point, int week, IReadOnlyDictionary<int, int?> answers)
    {
        try
        {
            return await RecordAsync(patient, measure, point, week, answers);
        }
        catch (DbUpdateException)
        {
            // The same form sent twice at once: the first one stands, and this one's risk has been raised by it or is
            // raised now, on the stored rows.
            db.ChangeTracker.Clear();
            return await RecordAsync(patient, measure, point, week, answers);
        }
    }

    private async Task<Result> RecordAsync(Patient patient, MeasureDefinition measure, string point, int week, IReadOnlyDictionary<int, int?> posted)
    {
        var now = clock.GetUtcNow();
        var draft = await db.QuestionnaireDrafts.FirstOrDefaultAsync(d => d.PatientId == patient.Id && d.MeasureId == measure.Id && d.Point == point && d.Week == week);
        var scored = QuestionnaireScoring.Score(measure, Merge(measure, draft, posted));
        var existing = await db.MeasureResponses.FirstOrDefaultAsync(r => r.PatientId == patient.Id && r.MeasureId == measure.Id && r.Point == point && r.Week == week);
        var stored = existing is null ? [] : QuestionnaireScoring.RiskReasons(measure, existing.Answers);
        var response = existing;
        if (existing is null && scored.IsValid)
        {
            response = new MeasureResponse(patient.Id, measure.Id, point, week, scored.Answers, scored.Score, scored.Band, now);
            db.MeasureResponses.Add(response);
            if (draft is not null)
                db.QuestionnaireDrafts.Remove(draft);
        }
        else if (existing is null && draft is null)
        {
            db.QuestionnaireDrafts.Add(new QuestionnaireDraft(patient.Id, measure.Id, point, week, scored.Given, now));
        }
        else if (existing is null)
        {
            draft!.Keep(scored.Given, now);
        }

        RiskAlert? raised = null;
        if (scored.RaisesRisk)
            raised = await risk.RaiseAsync(patient, new AlertSource(measure.Id, point, week, scored.Given), response?.Id, scored.RiskReasons);
        else if (stored.Count > 0 && existing is not null)
            raised = await risk.RaiseAsync(patient, new AlertSource(measure.Id, point, week, existing.Answers.Select(a => (int?)a).ToArray()), existing.Id, stored);
        if (existing is null && response is not null)
            await outcomes.RefreshAsync(patient.Id);
        await db.SaveChangesAsync();
        if (raised is not null)
            await risk.AnnounceAsync(raised);

        var raisesRisk = scored.RaisesRisk || stored.Count > 0;
        return response is null ? new Invalid(scored.Problems, raisesRisk) : new Recorded(response, raisesRisk);
    }

    /// <summary>The kept answers, with what was just sent on top (an item sent now wins; one not sent keeps its earlier answer).</summary>
    private static Dictionary<int, int?> Merge(MeasureDefinition measure, QuestionnaireDraft? draft, IReadOnlyDictionary<int, int?> posted)
    {
        var merged = new Dictionary<int, int?>();
        for (var i = 0; i < measure.Items.Count; i++)
        {
            var id = measure.Items[i].Id;
            merged[id] = posted.TryGetValue(id, out var sent) && sent is not null ? sent
                : draft is not null && draft.Answers.Length == measure.Items.Count ? draft.Answers[i] : null;
        }
        return merged;
    }

    /// <summary>The answers kept from an unfinished questionnaire, by item id, to show in the form again.</summary>
    public async Task<IReadOnlyDictionary<int, int?>> KeptAnswersAsync(Guid patientId, MeasureDefinition measure, string point, int week)
    {
        var draft = await db.QuestionnaireDrafts.AsNoTracking()
            .FirstOrDefaultAsync(d => d.PatientId == patientId && d.MeasureId == measure.Id && d.Point == point && d.Week == week);
        if (draft is null || draft.Answers.Length != measure.Items.Count)
            return new Dictionary<int, int?>();
        return measure.Items.Select((item, i) => (item.Id, draft.Answers[i])).Where(x => x.Item2 is not null).ToDictionary(x => x.Id, x => x.Item2);
    }
}
