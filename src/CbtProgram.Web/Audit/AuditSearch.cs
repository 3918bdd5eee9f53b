using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Audit;

/// <summary>What an admin asked the audit page for: filters, and where in the trail the page starts.</summary>
public sealed record AuditQuery(string? Who, Guid? PatientId, string? Patient, string? Action, DateOnly? From, DateOnly? To,
    long? Before, long? After)
{
    public bool Filtered => !string.IsNullOrWhiteSpace(Who) || PatientId is not null || !string.IsNullOrWhiteSpace(Patient)
        || !string.IsNullOrWhiteSpace(Action) || From is not null || To is not null;
}

public sealed record AuditRow(long Sequence, DateTimeOffset At, string ActorId, string Actor, Guid? PatientId, string? PatientName,
    string Action, string? Detail, string? IpAddress, string? UserAgent);

/// <summary>One page of entries, newest first, and whether there are newer or older ones beyond it.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, bool HasNewer, bool HasOlder);

/// <summary>
/// The audit trail, filtered and paged by sequence number (keyset paging: any page costs the same, however old), newest first.
/// </summary>
public sealed class AuditSearch(AppDbContext db)
{
    public const int PageSize = 50;

    /// <summary>Seals the entries waiting to be chained first, so the page shows everything written until now, numbered.</summary>
    public async Task<AuditPage> FindAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await AuditSealer.SealAsync(db, cancellationToken);
        var rows = from entry in db.AuditEntries.Where(e => e.Sequence != null)
                   join actor in db.Users on entry.ActorId equals actor.Id into actors
                   from actor in actors.DefaultIfEmpty()
                   join patient in db.Patients on entry.PatientId equals patient.Id into patients
                   from patient in patients.DefaultIfEmpty()
                   join patientUser in db.Users on patient.UserId equals patientUser.Id into patientUsers
                   from patientUser in patientUsers.DefaultIfEmpty()
                   select new { entry, actor, patientUser };

        if (Contains(query.Who) is { } who)
            rows = rows.Where(r => r.entry.ActorId == query.Who!.Trim()
                || (r.actor != null && (EF.Functions.ILike(r.actor.DisplayName, who, "\\") || EF.Functions.ILike(r.actor.Email!, who, "\\"))));
        if (query.PatientId is { } patientId)
            rows = rows.Where(r => r.entry.PatientId == patientId);
        if (Contains(query.Patient) is { } patientText)
            rows = rows.Where(r => r.patientUser != null
                && (EF.Functions.ILike(r.patientUser.DisplayName, patientText, "\\") || EF.Functions.ILike(r.patientUser.Email!, patientText, "\\")));
        if (Contains(query.Action) is { } action)
            rows = rows.Where(r => EF.Functions.ILike(r.entry.Action, action, "\\"));
        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(r => r.entry.At >= start);
        }
        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(r => r.entry.At < end);
        }

        var page = query.After is { } after
            ? rows.Where(r => r.entry.Sequence > after).OrderBy(r => r.entry.Sequence)
            : rows.Where(r => query.Before == null || r.entry.Sequence < query.Before).OrderByDescending(r => r.entry.Sequence);
        var found = await page.Take(PageSize + 1)
            .Select(r => new AuditRow(r.entry.Sequence!.Value, r.entry.At, r.entry.ActorId, r.actor == null ? "CbtProgram" : r.actor.DisplayName,
                r.entry.PatientId, r.patientUser == null ? null : r.patientUser.DisplayName, r.entry.Action, r.entry.Detail,
                r.entry.IpAddress, r.entry.UserAgent))
            .AsNoTracking().ToListAsync(cancellationToken);

        var more = found.Count > PageSize;
        var shown = found.Take(PageSize).ToList();
        if (query.After is not null)
        {
            shown.Reverse();
            return new AuditPage(shown, HasNewer: more, HasOlder: true);
        }
        return new AuditPage(shown, HasNewer: query.Before is not null, HasOlder: more);
    }

    /// <summary>A case-insensitive "contains" pattern for ILIKE, with its wildcards escaped; null for an empty filter.</summary>
    private static string? Contains(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
