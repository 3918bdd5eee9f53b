using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Retention;

/// <summary>
/// Finished programs by the time they finished: retention finds the programs that crossed its cut-off since its last
/// run (<see cref="RetentionJob"/>) without reading the ones that ended long before.
/// </summary>
internal sealed class FinishedProgramsIndex : IEntityTypeConfiguration<Enrolment>
{
    public const string Name = "IX_enrolments_finished_at";

    public void Configure(EntityTypeBuilder<Enrolment> enrolment) =>
        enrolment.HasIndex(e => e.FinishedAt, Name).HasFilter("\"FinishedAt\" IS NOT NULL");
}

/// <summary>
/// Done and cancelled events by the time they were completed, with their enrolment: retention reads the events
/// completed in the day that just crossed its cut-off (a withdrawal's cancellations say when it was withdrawn).
/// </summary>
internal sealed class CompletedEventsIndex : IEntityTypeConfiguration<ScheduledEvent>
{
    public const string Name = "IX_scheduled_events_completed";

    public void Configure(EntityTypeBuilder<ScheduledEvent> scheduled) =>
        scheduled.HasIndex(e => e.CompletedAt, Name).IncludeProperties(e => e.EnrolmentId).HasFilter("\"CompletedAt\" IS NOT NULL");
}

/// <summary>How far a recurring job has got: retention's last cut-off, so each day it reads only what crossed it since.</summary>
public sealed class JobWatermark
{
    public const int MaxJobLength = 64;

    public JobWatermark(string job, DateTimeOffset through)
    {
        Job = job;
        Through = through;
    }

    public string Job { get; private set; }

    /// <summary>Everything that ended before this instant has been dealt with.</summary>
    public DateTimeOffset Through { get; private set; }
}

internal sealed class JobWatermarkConfiguration : IEntityTypeConfiguration<JobWatermark>
{
    public void Configure(EntityTypeBuilder<JobWatermark> watermark)
    {
        watermark.ToTable("job_watermarks");
        watermark.HasKey(w => w.Job);
        watermark.Property(w => w.Job).HasMaxLength(JobWatermark.MaxJobLength);
    }
}
