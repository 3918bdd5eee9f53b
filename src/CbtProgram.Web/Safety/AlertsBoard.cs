using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Safety;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Safety;

/// <summary>An open alert as the clinical leads see it: whose, who owns it, how old, how far up the ladder.</summary>
public sealed record BoardAlert(RiskAlert Alert, string PatientName, string? OwnerName, string Source, ItemAnswer? RiskItem)
{
    public string Owner => OwnerName ?? "Clinical leads (no therapist)";

    public string Step => Alert.UnresolvedReminderAt is not null ? "Back to therapist and leads (unresolved)"
        : Alert.EscalatedToAdminsAt is not null ? "Escalated to admins"
        : Alert.EscalatedToLeadsAt is not null ? "Escalated to clinical leads"
        : Alert.IsAcknowledged ? "Acknowledged" : "Raised";
}

/// <summary>How fast alerts raised in a month were handled: hours to acknowledge and to resolve, median and 90th percentile.</summary>
public sealed record MonthlyResponse(DateOnly Month, int Raised, int Acknowledged, double? AcknowledgeMedianHours, double? Acknowledge90thHours,
    int Resolved, double? ResolveMedianHours, double? Resolve90thHours);

public sealed record AlertsBoardView(IReadOnlyList<BoardAlert> Open, IReadOnlyList<MonthlyResponse> Months, DateTimeOffset Now);

/// <summary>
/// Every open risk alert for the clinical leads, oldest first, and the service's response times by month (in the
/// clinic's time zone) over the last twelve months: median and 90th percentile of the hours from raising to
/// acknowledging and to resolving, computed by PostgreSQL.
/// </summary>
public sealed class AlertsBoard(AppDbContext db, ProgramCatalog program, ClinicHours clinic, TimeProvider clock)
{
    public const int Months = 12;

    public async Task<AlertsBoardView> BuildAsync()
    {
        var (_, measures) = await program.GetAsync();
        var now = clock.GetUtcNow();
        var open = await (from alert in db.RiskAlerts.AsNoTracking()
                          join patient in db.Patients on alert.PatientId equals patient.Id
                          join patientUser in db.Users on patient.UserId equals patientUser.Id
                          join therapist in db.Users on alert.TherapistId equals therapist.Id into owners
                          from owner in owners.DefaultIfEmpty()
                          where alert.ResolvedAt == null
                          orderby alert.RaisedAt
                          select new { alert, patientUser.DisplayName, OwnerName = owner != null ? owner.DisplayName : null }).ToListAsync();
        var rows = open.Select(o => new BoardAlert(o.alert, o.DisplayName, o.OwnerName, AlertAnswers.Source(o.alert, measures),
            AlertAnswers.Of(o.alert, measures).FirstOrDefault(a => a.RaisedRisk))).ToList();

        var zone = clinic.Hours.Zone.Id;
        var since = now.AddMonths(-Months);
        var months = await db.Database.SqlQuery<MonthlyResponse>($"""
            SELECT date_trunc('month', "RaisedAt" AT TIME ZONE {zone})::date AS "Month",
                   count(*)::int AS "Raised",
                   count("AcknowledgedAt")::int AS "Acknowledged",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY (extract(epoch FROM "AcknowledgedAt" - "RaisedAt") / 3600)::float8)::float8 AS "AcknowledgeMedianHours",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY (extract(epoch FROM "AcknowledgedAt" - "RaisedAt") / 3600)::float8)::float8 AS "Acknowledge90thHours",
                   count("ResolvedAt")::int AS "Resolved",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY (extract(epoch FROM "ResolvedAt" - "RaisedAt") / 3600)::float8)::float8 AS "ResolveMedianHours",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY (extract(epoch FROM "ResolvedAt" - "RaisedAt") / 3600)::float8)::float8 AS "Resolve90thHours"
            FROM risk_alerts
            WHERE "RaisedAt" >= {since}
            GROUP BY 1
            ORDER BY 1 DESC
            """).ToListAsync();
        return new AlertsBoardView(rows, months, now);
    }
}
