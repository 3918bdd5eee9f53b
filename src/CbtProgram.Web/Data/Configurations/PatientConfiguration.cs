using CbtProgram.Web.Accounts;
using CbtProgram.Web.Domain.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CbtProgram.Web.Data.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> patient)
    {
        patient.ToTable("patients");
        patient.HasKey(p => p.Id);
        patient.HasIndex(p => p.UserId).IsUnique();
        patient.HasIndex(p => p.AssignedTherapistId);
        patient.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        patient.HasOne<AppUser>().WithMany().HasForeignKey(p => p.AssignedTherapistId).OnDelete(DeleteBehavior.SetNull);
    }
}
