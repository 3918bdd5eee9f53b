using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Outcomes.Patients;

internal sealed class PatientOutcomeConfiguration : IEntityTypeConfiguration<PatientOutcome>
{
    public void Configure(EntityTypeBuilder<PatientOutcome> outcome)
    {
        outcome.ToTable("patient_outcomes");
        outcome.HasKey(o => new { o.PatientId, o.MeasureId });
        outcome.Property(o => o.MeasureId).HasMaxLength(32);
        outcome.Property(o => o.Version).IsRowVersion();
        // Reports filter by measure and start period across every patient.
        outcome.HasIndex(o => new { o.MeasureId, o.StartDate });
        outcome.HasOne<Patient>().WithMany().HasForeignKey(o => o.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
