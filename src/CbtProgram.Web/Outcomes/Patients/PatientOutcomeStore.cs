using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Outcomes.Statistics;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// Keeps <c>patient_outcomes</c> equal to a fresh computation. <see cref="RefreshAsync(Guid)"/> is called by each write that can
/// change a patient's outcomes (a questionnaire, a diary day, a move of the schedule) before its own SaveChanges, so the
/// summary is stored in the same transaction as the change. It reads in one round trip and overlays the change tracker
/// (<see cref="PatientOutcomeReads"/>), so the caller's unsaved changes count. Two writes at once for one patient cannot leave a stale summary: each row carries xmin as a concurrency
/// token, so the later of two writes that read before the other committed fails and retries (the callers' existing
/// DbUpdateException retry), and two first-time inserts collide on the key the same way.
/// </summary>
public sealed class PatientOutcomeStore(AppDbContext db, ProgramCatalog program, TimeProvider clock)
{
    /// <summary>Recomputes the patient's rows and stages them in the context; the caller's SaveChanges stores them.</summary>
    public async Task RefreshAsync(Guid patientId) =>
        await RefreshAsync(patientId, await PatientOutcomeReads.ReadTrackedAsync(db, patientId));

    /// <summary>
    /// The same from reads the caller made in its own batch (<see cref="PatientOutcomeReads.AddTo"/>), resolved after
    /// its changes are staged, so they count.
    /// </summary>
    internal async Task RefreshAsync(Guid patientId, PatientOutcomeReads.Read read)
    {
        var figures = PatientOutcomeCalculator.Compute(await InputsAsync(read.Scores, read.Diary, read.Events));
        var stored = read.Stored.ToDictionary(o => o.MeasureId);
        var now = clock.GetUtcNow();
        foreach (var f in figures)
        {
            if (!stored.TryGetValue(f.MeasureId, out var row))
                db.Set<PatientOutcome>().Add(row = new PatientOutcome(patientId, f.MeasureId));
            row.Apply(f, now);
        }
    }

    /// <summary>
    /// A fresh computation from the database alone (what the stored rows must equal), read with plain EF queries: the
    /// reference that <see cref="RefreshAsync(Guid)"/>'s single round trip is tested against.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeFigures>> ComputeAsync(Guid patientId) =>
        PatientOutcomeCalculator.Compute(await ReadInputsAsync(patientId));

    /// <summary>The inputs, with the diary windows, for the pages.</summary>
    public async Task<PatientOutcomeInputs> ReadInputsAsync(Guid patientId)
    {
        var enrolment = await db.Enrolments.AsNoTracking().FirstOrDefaultAsync(e => e.PatientId == patientId);
        var responses = await db.MeasureResponses.AsNoTracking().Where(r => r.PatientId == patientId)
            .Select(r => new ScoreAt(r.MeasureId, r.Point, r.Week, r.Score, r.SubmittedAt)).ToListAsync();
        var diary = await db.DiaryEntries.AsNoTracking().Where(d => d.PatientId == patientId)
            .Select(d => new DiaryDayFigures(d.Date, d.HadHeadache, d.PeakIntensity, d.TookAcuteMedication)).ToListAsync();
        var events = enrolment is null ? [] : await db.ScheduledEvents.AsNoTracking().Where(e => e.EnrolmentId == enrolment.Id)
            .Select(e => new PatientOutcomeReads.DatedEvent(e.Kind, e.Week, e.Status, e.LocalDate)).ToListAsync();
        return await InputsAsync(responses, diary, events);
    }

    /// <summary>The stored rows of one patient, in <see cref="OutcomeMeasures.All"/> order.</summary>
    public async Task<IReadOnlyList<OutcomeFigures>> StoredAsync(Guid patientId)
    {
        var rows = await db.Set<PatientOutcome>().AsNoTracking().Where(o => o.PatientId == patientId).ToListAsync();
        return rows.OrderBy(r => OutcomeIndex(r.MeasureId)).Select(r => r.Figures()).ToList();
    }

    private static int OutcomeIndex(string measureId) => OutcomeMeasures.All.ToList() is var all && all.IndexOf(measureId) is >= 0 and var i ? i : int.MaxValue;

    /// <summary>Recomputes and stores every patient's summary, a batch at a time (the <c>outcomes rebuild</c> command).</summary>
    public async Task<int> RebuildAllAsync(int batch = 200, CancellationToken cancel = default)
    {
        var ids = await db.Patients.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancel);
        foreach (var chunk in ids.Chunk(batch))
        {
            foreach (var id in chunk)
                await RefreshAsync(id);
            await db.SaveChangesAsync(cancel);
            db.ChangeTracker.Clear();
        }
        return ids.Count;
    }

    private async Task<PatientOutcomeInputs> InputsAsync(IReadOnlyList<ScoreAt> scores, IReadOnlyList<DiaryDayFigures> diary,
        IReadOnlyList<PatientOutcomeReads.DatedEvent> events)
    {
        var (definition, measures) = await program.GetAsync();
        var rules = measures.Where(m => m.Outcomes is not null).ToDictionary(m => m.Id, m => m.Outcomes!.Rules(m.Id));
        var midWeek = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.Mid)?.SharedCheckInWeek();
        var postWeek = definition.AssessmentPoints.FirstOrDefault(p => p.Id == AssessmentPoints.Post)?.SharedCheckInWeek();

        // Dated from these two kinds of event only: a save's own reads fetch no others (PatientOutcomeReads.DatingKinds).
        DateOnly? SessionDate(int week) => events.FirstOrDefault(e => e.Kind == ScheduledEventKind.SessionOpens && e.Week == week && e.Status != ScheduledEventStatus.Cancelled)?.LocalDate;
        var lastWeek = definition.Weeks > 0 ? definition.Weeks : 12;
        var followUp = events.FirstOrDefault(e => e.Kind == ScheduledEventKind.FollowUpOpens && e.Status != ScheduledEventStatus.Cancelled)?.LocalDate;
        return new PatientOutcomeInputs(scores, diary, SessionDate(1), SessionDate(lastWeek)?.AddDays(7), followUp, rules, midWeek, postWeek);
    }
}
