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
using Microsoft.EntityFrameworkCore.Storage;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>
/// Refreshes the patient summaries of every EF write in the write's own transaction: when a SaveChanges adds, changes
/// or deletes a row a summary is made from (a diary day, a questionnaire, a module, a message, a risk alert, the
/// enrolment, a session opening or the follow-up's events, a new patient), it begins a transaction if the caller has
/// none, lets EF write, calls <see cref="PatientSummaries.ExecuteRefreshAsync"/> for those patients, and commits (or,
/// inside the caller's transaction, leaves the commit to the caller). So no write path can forget its summary, and a
/// write that fails rolls its summary back with it. Writes made with SQL (ExecuteUpdate, raw statements) are not seen
/// here: they call <see cref="PatientSummaries.RefreshAsync"/> themselves.
/// </summary>
public sealed class PatientSummaryRefresh(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly ScheduledEventKind[] SummaryKinds = [ScheduledEventKind.SessionOpens, ScheduledEventKind.FollowUpOpens, ScheduledEventKind.FollowUpCloses];

    private sealed class Pending
    {
        public HashSet<Guid> Patients { get; } = [];
        public HashSet<Guid> Enrolments { get; } = [];
        public IDbContextTransaction? Own { get; set; }
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Collect(context) is { } pending)
        {
            if (context.Database.CurrentTransaction is null)
                pending.Own = await context.Database.BeginTransactionAsync(cancellationToken);
            _pending.AddOrUpdate(context, pending);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && Collect(context) is { } pending)
        {
            if (context.Database.CurrentTransaction is null)
                pending.Own = context.Database.BeginTransaction();
            _pending.AddOrUpdate(context, pending);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is not { } context || !_pending.TryGetValue(context, out var pending))
            return result;
        _pending.Remove(context);
        using (pending.Own)
        {
            PatientSummaries.ExecuteRefresh(context, pending.Patients, pending.Enrolments, clock.GetUtcNow());
            pending.Own?.Commit();
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    private void Forget(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
            return;
        _pending.Remove(context);
        pending.Own?.Dispose();
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context || !_pending.TryGetValue(context, out var pending))
            return result;
        _pending.Remove(context);
        try
        {
            await PatientSummaries.ExecuteRefreshAsync(context, pending.Patients, pending.Enrolments, clock.GetUtcNow(), cancellationToken);
            if (pending.Own is { } own)
                await own.CommitAsync(cancellationToken);
        }
        finally
        {
            if (pending.Own is { } own)
                await own.DisposeAsync();
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await ForgetAsync(eventData.Context);

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        await ForgetAsync(eventData.Context);

    /// <summary>The write failed: the transaction begun here is rolled back with everything in it.</summary>
    private async Task ForgetAsync(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
            return;
        _pending.Remove(context);
        if (pending.Own is { } own)
            await own.DisposeAsync();
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
