using System.Data.Common;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Outcomes.Statistics;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Outcomes.Patients;

/// <summary>
/// What one patient's outcome summary is computed from, and the stored rows, in one round trip (a <see cref="SqlBatch"/>):
/// the stored rows first (with their xmin, so a write that commits after this read makes the later save fail and
/// retry), then the questionnaires, the diary, and the enrolment with the events its windows are dated from. Rows the
/// caller's context already tracks win over the database's copy (its unsaved edits and additions count; rows it deleted
/// do not), as EF's tracked queries would give them, and the stored rows not yet tracked are attached unchanged so the
/// caller's SaveChanges updates only those whose figures moved.
/// </summary>
internal static class PatientOutcomeReads
{
    public sealed record Read(
        IReadOnlyList<PatientOutcome> Stored,
        IReadOnlyList<ScoreAt> Scores,
        IReadOnlyList<DiaryDayFigures> Diary,
        IReadOnlyList<DatedEvent> Events);

    /// <summary>The kinds of event the outcome windows are dated from: the sessions' openings (week 1, the last week) and the follow-up's.</summary>
    public static readonly ScheduledEventKind[] DatingKinds = [ScheduledEventKind.SessionOpens, ScheduledEventKind.FollowUpOpens];

    /// <summary>A scheduled event as the diary windows need it (week 1, week 12, the follow-up).</summary>
    public sealed record DatedEvent(ScheduledEventKind Kind, int? Week, ScheduledEventStatus Status, DateOnly LocalDate);

    private sealed record Row<T>(Guid Id, Guid Owner, T Value);

    public static async Task<Read> ReadTrackedAsync(AppDbContext db, Guid patientId)
    {
        var batch = new SqlBatch();
        var pending = AddTo(batch, db, patientId);
        await using (var results = await batch.ExecuteAsync(db))
            await pending.ReadAsync(results);
        return pending.Resolve(db);
    }

    /// <summary>
    /// Adds the reads to a caller's batch (after whatever statements it needs first, such as the patient's write lock),
    /// so a save pays one round trip for its own reads and these. Read them with <see cref="Pending.ReadAsync"/> when
    /// the batch's results reach them, and <see cref="Pending.Resolve"/> once the caller has made its changes.
    /// </summary>
    public static Pending AddTo(SqlBatch batch, AppDbContext db, Guid patientId)
    {
        batch
            .Add($"""SELECT {EntityRows.Columns<PatientOutcome>(db, "o")} FROM patient_outcomes o WHERE o."PatientId" = $1""", patientId)
            .Add("""SELECT "Id", "PatientId", "MeasureId", "Point", "Week", "Score", "SubmittedAt" FROM measure_responses WHERE "PatientId" = $1""", patientId)
            .Add("""SELECT "Id", "PatientId", "Date", "HadHeadache", "PeakIntensity", "TookAcuteMedication" FROM diary_entries WHERE "PatientId" = $1""", patientId)
            // The enrolment, with the events of the kinds the windows are dated from (not the reminders and nudges).
            .Add($"""
                SELECT e."Id", s."Id", s."Kind", s."Week", s."Status", s."LocalDate" FROM enrolments e
                LEFT JOIN scheduled_events s ON s."EnrolmentId" = e."Id" AND s."Kind" IN ({string.Join(", ", DatingKinds.Select(k => (int)k))})
                WHERE e."PatientId" = $1
                """, patientId);
        return new Pending(patientId, EntityRows.Reader<PatientOutcome>(db));
    }

    /// <summary>The reads of one patient, as the database gave them, until the caller resolves them against its changes.</summary>
    public sealed class Pending(Guid patientId, Func<DbDataReader, PatientOutcome> outcomeOf)
    {
        private List<PatientOutcome> _stored = [];
        private List<Row<ScoreAt>> _scores = [];
        private List<Row<DiaryDayFigures>> _diary = [];
        private List<Guid> _enrolments = [];
        private List<Row<DatedEvent>> _events = [];

        /// <summary>Reads this patient's four result sets, the next ones in <paramref name="results"/>.</summary>
        public async Task ReadAsync(SqlBatch.Results results)
        {
            _stored = await results.ReadAsync(outcomeOf);
            _scores = await results.ReadAsync(r => new Row<ScoreAt>(r.GetGuid(0), r.GetGuid(1),
                new ScoreAt(r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6))));
            _diary = await results.ReadAsync(r => new Row<DiaryDayFigures>(r.GetGuid(0), r.GetGuid(1),
                new DiaryDayFigures(r.GetFieldValue<DateOnly>(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetInt32(4), r.GetBoolean(5))));
            var enrolment = await results.ReadAsync(r => (Enrolment: r.GetGuid(0), Event: r.IsDBNull(1) ? null : new Row<DatedEvent>(r.GetGuid(1), r.GetGuid(0),
                new DatedEvent((ScheduledEventKind)r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3), (ScheduledEventStatus)r.GetInt32(4), r.GetFieldValue<DateOnly>(5)))));
            _enrolments = enrolment.Select(r => r.Enrolment).Distinct().ToList();
            _events = enrolment.Where(r => r.Event is not null).Select(r => r.Event!).ToList();
        }

        /// <summary>What was read, with the context's tracked rows winning, as of now; the stored rows become tracked.</summary>
        public Read Resolve(AppDbContext db)
        {
            // Each look at the tracked rows below (Local, Entries) would detect changes over every tracked entity again:
            // the caller's changes are detected once, here, and the looks made without.
            var tracker = db.ChangeTracker;
            var autoDetect = tracker.AutoDetectChangesEnabled;
            if (autoDetect)
                tracker.DetectChanges();
            tracker.AutoDetectChangesEnabled = false;
            try
            {
                var enrolmentId = db.Enrolments.Local.FirstOrDefault(e => e.PatientId == patientId)?.Id ?? (_enrolments.Count == 0 ? null : _enrolments[0]);
                return new Read(
                    Attach(db, patientId, _stored),
                    Overlay<MeasureResponse, ScoreAt>(db, _scores, patientId, r => r.PatientId, r => r.Id, r => new ScoreAt(r.MeasureId, r.Point, r.Week, r.Score, r.SubmittedAt)),
                    Overlay<DiaryEntry, DiaryDayFigures>(db, _diary, patientId, d => d.PatientId, d => d.Id, d => new DiaryDayFigures(d.Date, d.HadHeadache, d.PeakIntensity, d.TookAcuteMedication)),
                    enrolmentId is not { } id ? [] : Overlay<ScheduledEvent, DatedEvent>(db, _events, id, e => e.EnrolmentId, e => e.Id, e => new DatedEvent(e.Kind, e.Week, e.Status, e.LocalDate)));
            }
            finally
            {
                tracker.AutoDetectChangesEnabled = autoDetect;
            }
        }
    }

    /// <summary>The caller's tracked rows of this owner (but those it deleted), then the database's rows it does not track.</summary>
    private static List<TValue> Overlay<TEntity, TValue>(AppDbContext db, List<Row<TValue>> fromDatabase, Guid owner, Func<TEntity, Guid> ownerOf,
        Func<TEntity, Guid> idOf, Func<TEntity, TValue> value) where TEntity : class
    {
        var entries = db.ChangeTracker.Entries<TEntity>().Where(e => ownerOf(e.Entity) == owner).ToList();
        var trackedIds = entries.Select(e => idOf(e.Entity)).ToHashSet();
        return entries.Where(e => e.State != EntityState.Deleted).Select(e => value(e.Entity))
            .Concat(fromDatabase.Where(r => r.Owner == owner && !trackedIds.Contains(r.Id)).Select(r => r.Value)).ToList();
    }

    /// <summary>
    /// The stored rows as tracked entities: those the context already tracks (changed or added by the caller) as they
    /// are, the others attached unchanged with the values read (<see cref="EntityRows.Track"/>: what was read becomes
    /// the original values, xmin the concurrency token).
    /// </summary>
    private static List<PatientOutcome> Attach(AppDbContext db, Guid patientId, List<PatientOutcome> stored)
    {
        var rows = db.Set<PatientOutcome>().Local.Where(o => o.PatientId == patientId).ToDictionary(o => o.MeasureId);
        foreach (var row in stored.Where(o => !rows.ContainsKey(o.MeasureId)))
            rows[row.MeasureId] = EntityRows.Track(db, row);
        return rows.Values.ToList();
    }
}
