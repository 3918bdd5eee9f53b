using System.Data.Common;
using System.Runtime.CompilerServices;
using CbtProgram.Web.Domain.Care;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Safety;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Outcomes.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>
/// Refreshes the patient summaries of every EF write in the write's own round trip: when a SaveChanges adds, changes
/// or deletes a row a summary is made from (a diary day, a questionnaire, a module, a message, a risk alert, the
/// enrolment, a session opening or the follow-up's events, a new patient), the statements that recompute those
/// patients' rows (<see cref="PatientSummaries.AppendRefresh"/>) are added to each command the SaveChanges sends, after
/// EF's own statements. So no write path can forget its summary, the summary costs no round trip of its own, and it
/// commits or fails with the write: in the caller's transaction, in the one EF begins when it sends several commands,
/// or, when it sends one command and no transaction is open, in the single implicit transaction PostgreSQL runs a batch
/// in (Npgsql ends a batch with one Sync), so a refresh that fails undoes the write. A SaveChanges that sends no command
/// wrote nothing and has nothing to refresh. Writes made with SQL (ExecuteUpdate, raw statements) are not seen here:
/// they call <see cref="PatientSummaries.RefreshAsync"/> themselves.
/// </summary>
public sealed class PatientSummaryRefresh(TimeProvider clock) : SaveChangesInterceptor, IDbCommandInterceptor
{
    private static readonly ScheduledEventKind[] SummaryKinds = [ScheduledEventKind.SessionOpens, ScheduledEventKind.FollowUpOpens, ScheduledEventKind.FollowUpCloses];

    private sealed class Pending
    {
        public HashSet<Guid> Patients { get; } = [];
        public HashSet<Guid> Enrolments { get; } = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavingChanges(eventData, result));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            if (Collect(context) is { } pending)
                _pending.AddOrUpdate(context, pending);
            else
                _pending.Remove(context);
        }
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        AppendRefresh(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        AppendRefresh(command, eventData);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// Every command of the save gets the refresh (EF sends one for most saves, several only for very large ones): each
    /// recomputes from what the save has written so far, so the last one leaves the rows complete.
    /// </summary>
    private void AppendRefresh(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource == CommandSource.SaveChanges && eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
            PatientSummaries.AppendRefresh(command, pending.Patients, pending.Enrolments, clock.GetUtcNow());
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forget(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
            _pending.Remove(context);
    }

    /// <summary>The patients (and enrolments whose patient is not at hand) whose summary this save changes; null when none.</summary>
    private static Pending? Collect(DbContext context)
    {
        if (context.ChangeTracker.AutoDetectChangesEnabled)
            context.ChangeTracker.DetectChanges();
        Pending? pending = null;
        Pending Found() => pending ??= new Pending();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            switch (entry.Entity)
            {
                case DiaryEntry d: Found().Patients.Add(d.PatientId); break;
                case MeasureResponse r: Found().Patients.Add(r.PatientId); break;
                case PatientModule m: Found().Patients.Add(m.PatientId); break;
                case Message m: Found().Patients.Add(m.PatientId); break;
                case RiskAlert a: Found().Patients.Add(a.PatientId); break;
                case Enrolment e: Found().Patients.Add(e.PatientId); break;
                case OutcomeWatch w: Found().Patients.Add(w.PatientId); break;
                case Patient p when entry.State == EntityState.Added: Found().Patients.Add(p.Id); break;
                case ScheduledEvent s when SummaryKinds.Contains(s.Kind) && Moves(entry):
                    if (context.ChangeTracker.Entries<Enrolment>().FirstOrDefault(e => e.Entity.Id == s.EnrolmentId) is { } enrolment)
                        Found().Patients.Add(enrolment.Entity.PatientId);
                    else
                        Found().Enrolments.Add(s.EnrolmentId);
                    break;
            }
        }
        return pending;
    }

    /// <summary>A session opening or follow-up event that is new, gone, moved, or cancelled or restored.</summary>
    private static bool Moves(EntityEntry entry) =>
        entry.State != EntityState.Modified
        || entry.Property(nameof(ScheduledEvent.DueAt)).IsModified
        || (entry.Property(nameof(ScheduledEvent.Status)) is { IsModified: true } status
            && ((ScheduledEventStatus)status.OriginalValue! == ScheduledEventStatus.Cancelled) != ((ScheduledEventStatus)status.CurrentValue! == ScheduledEventStatus.Cancelled));
}
