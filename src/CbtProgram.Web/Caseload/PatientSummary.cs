using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.CaseloadSummary;

/// <summary>
/// One row per patient (<c>patient_summaries</c>): the facts the caseload row needs that do not change with the clock,
/// kept equal to a fresh computation by <see cref="PatientSummaries.RefreshAsync"/> in the same transaction as every
/// write that changes them. What depends on the time (the current week, missed sessions, the follow-up, the 28-day diary
/// window ending today) is worked out from these when the page is read (<see cref="CaseloadRows"/>). Written only by
/// SQL; the entity maps the table for the migration, the read and the tests.
/// </summary>
public sealed class PatientSummary
{
    public Guid PatientId { get; set; }
    public Guid? EnrolmentId { get; set; }
    public int? EnrolmentStatus { get; set; }
    public string? TimeZoneId { get; set; }

    /// <summary>Session openings not cancelled, by week: each week and its opening instant, packed (<see cref="SummaryWeeks"/>).</summary>
    public byte[] Sessions { get; set; } = [];
    public DateTimeOffset? FollowUpOpensAt { get; set; }
    public DateTimeOffset? FollowUpClosesAt { get; set; }

    /// <summary>Whether the week-1 module has been opened (the service report's "started").</summary>
    public bool FirstModuleOpened { get; set; }

    /// <summary>Completed modules, by week: each week and when it was completed, packed (<see cref="SummaryWeeks"/>).</summary>
    public byte[] CompletedModules { get; set; } = [];

    /// <summary>How many modules are completed (the service report's count, without unpacking <see cref="CompletedModules"/>).</summary>
    public int ModulesCompleted { get; set; }

    /// <summary>The first baseline PHQ-9 and the latest PHQ-9 of any point (by submission time).</summary>
    public int? BaselinePhq9Week { get; set; }
    public int? BaselinePhq9Score { get; set; }
    public string? BaselinePhq9Band { get; set; }
    public DateTimeOffset? BaselinePhq9At { get; set; }
    public string? LatestPhq9Point { get; set; }
    public int? LatestPhq9Week { get; set; }
    public int? LatestPhq9Score { get; set; }
    public string? LatestPhq9Band { get; set; }
    public DateTimeOffset? LatestPhq9At { get; set; }
    public bool FollowUpAnswered { get; set; }

    /// <summary>The latest diary change; the diary days (and headache days) before week 1 opened.</summary>
    public DateTimeOffset? LastDiaryAt { get; set; }
    public int BaselineDiaryDays { get; set; }
    public int BaselineHeadacheDays { get; set; }

    /// <summary>
    /// Every diary day from <see cref="DiaryFrom"/> on (35 days before the patient's date at the refresh, so the 28-day
    /// window ending on any later day lies inside it): date, headache, acute medicine taken and its kinds, packed into
    /// one value (<see cref="SummaryDiaryDays"/>).
    /// </summary>
    public DateOnly? DiaryFrom { get; set; }
    public byte[] DiaryDays { get; set; } = [];

    /// <summary>The latest of: module activity or completion, diary change, PHQ-9 submitted, message from the patient.</summary>
    public DateTimeOffset? LastActivityAt { get; set; }
    public int UnreadMessages { get; set; }
    public string? NotOnTrackRule { get; set; }

    /// <summary>Open (unresolved) risk alerts, oldest first: id, when raised, whether acknowledged, packed (<see cref="SummaryAlerts"/>).</summary>
    public byte[] OpenAlerts { get; set; } = [];

    public DateTimeOffset RefreshedAt { get; set; }
}

internal sealed class PatientSummaryConfiguration : IEntityTypeConfiguration<PatientSummary>
{
    public void Configure(EntityTypeBuilder<PatientSummary> summary)
    {
        summary.ToTable("patient_summaries");
        summary.HasKey(s => s.PatientId);
        summary.HasOne<Domain.Patients.Patient>().WithOne().HasForeignKey<PatientSummary>(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
        summary.Property(s => s.TimeZoneId).HasMaxLength(64);
        summary.Property(s => s.LatestPhq9Point).HasMaxLength(32);
    }
}
